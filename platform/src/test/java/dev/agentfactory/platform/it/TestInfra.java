package dev.agentfactory.platform.it;

import dev.agentfactory.platform.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

@QuarkusTestResource(LocalInfra.class)
public class TestInfra {
}
