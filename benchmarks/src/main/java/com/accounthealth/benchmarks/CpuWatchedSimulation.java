package com.accounthealth.benchmarks;

import io.gatling.javaapi.core.Simulation;

/** A load whose window of CPU use is read when it begins and ends ({@link CpuShares#lastLoad()}), when watched. */
public abstract class CpuWatchedSimulation extends Simulation {

    @Override
    public void before() {
        CpuShares.loadBegins();
    }

    @Override
    public void after() {
        CpuShares.loadEnds();
    }
}
