package dev.agentfactory.fakes.fly;

import java.time.Instant;

/** A volume's mutable state; guarded by the {@link FlyState} monitor. */
final class FakeVolume {

    final String id;
    final String app;
    final String name;
    final String region;
    final String zone;
    final boolean encrypted;
    final int snapshotRetention;
    final Instant createdAt;
    int sizeGb;
    String state = "created";
    String attachedMachineId;

    FakeVolume(String id, String app, String name, String region, int sizeGb, boolean encrypted,
               int snapshotRetention, Instant createdAt) {
        this.id = id;
        this.app = app;
        this.name = name;
        this.region = region;
        this.zone = Ids.zone();
        this.sizeGb = sizeGb;
        this.encrypted = encrypted;
        this.snapshotRetention = snapshotRetention;
        this.createdAt = createdAt;
    }

    boolean destroyed() {
        return state.equals("destroyed");
    }
}
