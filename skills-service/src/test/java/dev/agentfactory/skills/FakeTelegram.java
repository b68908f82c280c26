package dev.agentfactory.skills;

import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Runs the fake Telegram Bot API for the test run and points the service at it. */
public class FakeTelegram implements QuarkusTestResourceLifecycleManager {

    static volatile FakeTelegramBotApi api;

    @Override
    public Map<String, String> start() {
        api = new FakeTelegramBotApi().start(0);
        return Map.of("af.telegram.api-base-url", api.baseUrl());
    }

    @Override
    public void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Registers the resource for every test of the module. */
    @QuarkusTestResource(FakeTelegram.class)
    public static class Registration {
    }
}
