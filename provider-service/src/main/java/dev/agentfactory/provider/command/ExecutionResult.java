package dev.agentfactory.provider.command;

import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;

import java.util.List;

/** What a successful command did: the ids to report and the states it observed. */
record ExecutionResult(String machineId, String volumeId, List<ObservedMachine> machines, List<ObservedVolume> volumes) {

    static ExecutionResult of(ObservedMachine machine, ObservedVolume volume) {
        return new ExecutionResult(machine == null ? null : machine.id(),
                volume != null ? volume.id() : machine == null ? null : machine.volumeId(),
                machine == null ? List.of() : List.of(machine), volume == null ? List.of() : List.of(volume));
    }

    static ExecutionResult none() {
        return new ExecutionResult(null, null, List.of(), List.of());
    }
}
