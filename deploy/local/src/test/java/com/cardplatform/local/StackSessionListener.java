package com.cardplatform.local;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared local stack when the JUnit Platform session ends, after every IT class has run: the one place
 * that knows that no test will need the stack any more.
 */
public final class StackSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedStack.shutdown();
    }
}
