package dev.characterremix.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lambda's CPU model for invocations, on this machine: a function gets {@code memory / 1769 MB} of a vCPU (AWS:
 * 1,769 MB buys one full vCPU), while its initialisation runs with a burst of CPU. The benchmark moves a function's
 * process into a CPU-quota cgroup once it has finished its init (first poll), so the first invocation runs at the
 * share a deployed function would get. Needs a writable cgroup CPU controller (v1 {@code cpu} or v2); where there is
 * none, {@link #create} is empty and the benchmark says the row was not measured.
 */
final class LambdaCpu implements AutoCloseable {

    private static final long PERIOD_MICROS = 100_000;

    private final Path group;

    private LambdaCpu(Path group) {
        this.group = group;
    }

    static Optional<LambdaCpu> create(int memoryMb) {
        long quota = Math.round(PERIOD_MICROS * memoryMb / 1769.0);
        String name = "character-remix-bench-" + ProcessHandle.current().pid();
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        Path v2 = Path.of("/sys/fs/cgroup");
        try {
            if (Files.isWritable(v1.resolve("cgroup.procs"))) {
                Path group = Files.createDirectories(v1.resolve(name));
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                return Optional.of(new LambdaCpu(group));
            }
            if (Files.exists(v2.resolve("cgroup.controllers")) && Files.isWritable(v2.resolve("cgroup.procs"))) {
                Path group = Files.createDirectories(v2.resolve(name));
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                return Optional.of(new LambdaCpu(group));
            }
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("no CPU quota cgroup (" + e.getMessage() + "): the Lambda-like rows are not measured");
        }
        return Optional.empty();
    }

    /** Moves the process, all its threads, into the quota. */
    void throttle(long pid) throws IOException {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public void close() throws IOException {
        // Only an empty group can be removed: the benchmark closes it after its functions have exited.
        Files.deleteIfExists(group);
    }
}
