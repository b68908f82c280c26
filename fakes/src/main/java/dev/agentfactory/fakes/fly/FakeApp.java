package dev.agentfactory.fakes.fly;

import java.util.LinkedHashMap;
import java.util.Map;

/** An app with its machines and volumes in creation order; guarded by the {@link FlyState} monitor. */
final class FakeApp {

    final String id = Ids.appId();
    final String name;
    final String orgSlug;
    final Map<String, FakeMachine> machines = new LinkedHashMap<>();
    final Map<String, FakeVolume> volumes = new LinkedHashMap<>();

    FakeApp(String name, String orgSlug) {
        this.name = name;
        this.orgSlug = orgSlug;
    }

    FakeMachine machine(String machineId) {
        FakeMachine machine = machines.get(machineId);
        if (machine == null) {
            throw FlyException.notFound("machine not found");
        }
        return machine;
    }

    FakeVolume volume(String volumeId) {
        FakeVolume volume = volumes.get(volumeId);
        if (volume == null) {
            throw FlyException.notFound("volume not found");
        }
        return volume;
    }
}
