package com.accounthealth.healthscore.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free loopback port for this test JVM, which the service under test sends its
 * e-mail to; tests read what arrived from {@link #get()}.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;

    public static synchronized GreenMail get() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "smtp-server-shutdown"));
        }
        return greenMail;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(get().getSmtp().getPort()));
    }

    @Override
    public void stop() {
        // Stopped when the JVM exits: test classes after this one still send to it.
    }
}
