package io.conpool.payara.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test runs, derives {@code payara.adminPort} and {@code payara.httpPort} from
 * {@code payara.portbase} as system properties, for {@code arquillian.xml} (which can only
 * substitute ready values). Registered in {@code META-INF/services}.
 */
public class PayaraPorts implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (PayaraSettings.inTestJvm()) {
            System.setProperty("payara.adminPort", Integer.toString(PayaraSettings.adminPort()));
            System.setProperty("payara.httpPort", Integer.toString(PayaraSettings.httpPort()));
        }
    }
}
