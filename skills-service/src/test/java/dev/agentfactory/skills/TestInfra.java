package dev.agentfactory.skills;

import dev.agentfactory.platform.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against its own database and topic namespace on the local stack. */
@QuarkusTestResource(LocalInfra.class)
public class TestInfra {
}
