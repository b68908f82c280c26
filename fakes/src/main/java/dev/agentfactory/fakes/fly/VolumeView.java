package dev.agentfactory.fakes.fly;

import java.time.Instant;

/** A read-only snapshot of a fake volume, for assertions. */
public record VolumeView(String id, String app, String name, String state, String region, int sizeGb,
                         boolean encrypted, String attachedMachineId, Instant createdAt) {

    static VolumeView of(FakeVolume v) {
        return new VolumeView(v.id, v.app, v.name, v.state, v.region, v.sizeGb, v.encrypted, v.attachedMachineId, v.createdAt);
    }
}
