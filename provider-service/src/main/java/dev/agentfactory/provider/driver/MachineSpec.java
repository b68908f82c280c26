package dev.agentfactory.provider.driver;

import java.util.Map;

/**
 * What to create: the command's machine with secrets already resolved into {@code env}.
 *
 * @param metadata  tags written on the machine (deployment, workerId, commandId)
 * @param volumeId  volume to mount at {@code mountPath}, or null
 */
public record MachineSpec(String image, String region, String cpuKind, int cpus, int memoryMb,
                          Map<String, String> env, Map<String, String> metadata, String volumeId,
                          String mountPath, String restartPolicy) {
}
