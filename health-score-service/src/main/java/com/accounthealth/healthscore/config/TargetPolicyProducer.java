package com.accounthealth.healthscore.config;

import com.accounthealth.healthscore.domain.notification.TargetPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/** The notification target policy in force, with the configured private ranges and the system's name resolution. */
public class TargetPolicyProducer {

    @Produces
    @Singleton
    TargetPolicy targetPolicy(NotificationConfig config) {
        List<TargetPolicy.AddressRange> refused = config.targets().refusedRanges().orElse(List.of()).stream()
                .map(TargetPolicy.AddressRange::parse).toList();
        return new TargetPolicy(config.targets().allowLoopback(), refused, host -> List.of(InetAddress.getAllByName(host)));
    }
}
