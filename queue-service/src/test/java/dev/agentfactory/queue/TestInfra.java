package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against its own database and topic namespace on the local stack, and a fake skills-service. */
@QuarkusTestResource(LocalInfra.class)
@QuarkusTestResource(FakeSkills.class)
public class TestInfra {
}
