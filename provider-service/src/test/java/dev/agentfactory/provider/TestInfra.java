package dev.agentfactory.provider;

import dev.agentfactory.platform.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test of this module runs against its own database and topic namespace on the local stack, the fake Fly
 * Machines API and a skills-service stub.
 */
@QuarkusTestResource(LocalInfra.class)
@QuarkusTestResource(FlyFakeResource.class)
public class TestInfra {
}
