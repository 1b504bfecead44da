package dev.characterremix.job;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Startup;

/**
 * SnapStart's runtime hooks, through {@code org.crac}: Lambda's managed Java runtimes point {@code org.crac} at their
 * runtime client ({@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}), which calls registered resources
 * before the snapshot and after each restore. Each environment's log then says when it was restored from a snapshot
 * rather than started, which is what an operator needs to read its first invocation's timing. Elsewhere (native, dev
 * mode, a JVM without a CRaC implementation) {@code org.crac} calls nothing and this does nothing.
 *
 * <p>Nothing needs redoing after a restore: priming leaves no fal connection behind, and a fal key rotated since the
 * snapshot is read again on fal's first 401.
 */
@Startup
@ApplicationScoped
public class SnapStartHooks implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);

    @PostConstruct
    void register() {
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            return; // no SnapStart for a native executable, and nothing for org.crac's reflective lookups to find
        }
        // The global context may hold resources weakly: this bean is held by the container for the application's life.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LOG.info("SnapStart: init and priming done, taking the snapshot");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("SnapStart: restored from the snapshot");
    }
}
