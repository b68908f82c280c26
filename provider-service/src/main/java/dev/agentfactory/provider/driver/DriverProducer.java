package dev.agentfactory.provider.driver;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.fly.FlyDriver;
import dev.agentfactory.provider.local.LocalDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the driver named by {@code af.provider.driver} (local by default). */
@ApplicationScoped
public class DriverProducer {

    @Produces
    @ApplicationScoped
    MachineDriver driver(ProviderConfig config, Instance<FlyDriver> fly, Instance<LocalDriver> local) {
        return switch (config.driver()) {
            case "fly" -> fly.get();
            case "local" -> local.get();
            default -> throw new IllegalStateException("af.provider.driver must be 'local' or 'fly', not '"
                    + config.driver() + "'");
        };
    }
}
