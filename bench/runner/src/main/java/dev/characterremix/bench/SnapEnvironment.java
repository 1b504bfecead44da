package dev.characterremix.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/**
 * One emulated Lambda execution environment, as a process tree CRIU can snapshot whole: this JVM is the Runtime API
 * (the part of Lambda a snapshot also holds), its child the packaged function under AWS's runtime client. Started
 * with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, the function runs its init and its before-checkpoint hooks,
 * then waits in {@code restore/next}: {@code ready} is written, and the tree can be dumped. Restored (or not
 * snapshotted at all), it takes work on a control port: a line naming an event file is answered with a line of JSON,
 * the function's answer and how long the function took from the event's arrival here to its answer. Bench-only.
 *
 * <p>Arguments: the work directory (holds {@code environment.properties}, and gets {@code control.port} and
 * {@code ready}), the zip, the runtime client's directory, then the function's JVM options.
 */
public final class SnapEnvironment {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapEnvironment() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Properties properties = new Properties();
        try (var in = Files.newInputStream(work.resolve("environment.properties"))) {
            properties.load(in);
        }
        Map<String, String> environment = new HashMap<>();
        properties.forEach((name, value) -> environment.put(name.toString(), value.toString()));
        boolean snapStart = "snap-start".equals(environment.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
        try (ServerSocket control = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                PackagedFunction function = PackagedFunction.start(Path.of(args[1]), Path.of(args[2]), runtime,
                        environment, List.of(args).subList(3, args.length))) {
            Files.writeString(work.resolve("function.log.path"), function.log().toString());
            Files.writeString(work.resolve("control.port"), Integer.toString(control.getLocalPort()));
            if (snapStart) {
                function.await(runtime.snapshotPoint(), Duration.ofSeconds(120));
                Files.writeString(work.resolve("ready"), "waiting in restore/next");
            }
            while (true) {
                try (Socket caller = control.accept();
                        var reader = new BufferedReader(new InputStreamReader(caller.getInputStream(),
                                StandardCharsets.UTF_8));
                        var writer = new PrintWriter(caller.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String eventFile = reader.readLine();
                    long received = System.nanoTime();
                    if (eventFile == null || eventFile.equals("STOP")) {
                        // Ends the tree without cleaning up: the function's unpacked zip is the snapshot's too, and
                        // the next restore needs it.
                        // By its pid: after a restore the JDK no longer recognises its own child (the start time it
                        // recorded is not the restored process's), and Process.destroy() silently does nothing.
                        new ProcessBuilder("kill", "-9", Long.toString(function.process().pid())).start().waitFor();
                        Runtime.getRuntime().halt(0);
                    }
                    runtime.restore();
                    var outcome = function.await(runtime.invoke(Files.readString(Path.of(eventFile))),
                            Duration.ofSeconds(120));
                    double functionMillis = (outcome.answeredAtNanos() - received) / 1e6;
                    writer.println(JSON.writeValueAsString(Map.of("failed", outcome.failed(), "body", outcome.body(),
                            "output", outcome.failed() ? function.output() : "", "functionMillis", functionMillis)));
                }
            }
        } finally {
            runtime.close();
        }
    }
}
