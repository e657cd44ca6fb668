package com.cardplatform.testing;

import io.quarkus.arc.ClientProxy;
import java.lang.reflect.Field;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Hibernate's query plan cache, for tests that check a statement's plan is made once and reused. Hibernate Reactive
 * 3.2 keys a native selection's plan with a result set mapping that has no {@code equals}: run as a selection, every
 * execution of a native statement adds one more plan (rewards-account-service's README).
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** Plans in the cache now. The Mutiny session factory has no {@code unwrap}, so its delegate is read. */
    public static int cached(Mutiny.SessionFactory sessionFactory) {
        try {
            Object factory = ClientProxy.unwrap(sessionFactory);
            Field delegate = factory.getClass().getDeclaredField("delegate");
            delegate.setAccessible(true);
            return ((SessionFactoryImplementor) delegate.get(factory)).getQueryEngine().getInterpretationCache()
                    .getNumberOfCachedQueryPlans();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Hibernate Reactive's session factory changed: no delegate to read", e);
        }
    }
}
