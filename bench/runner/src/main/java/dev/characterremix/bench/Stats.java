package dev.characterremix.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The figures the parts report: percentiles, units, ratios, and a process's resident memory. */
final class Stats {

    private Stats() {
    }

    static double rss(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
            }
        }
        return Double.NaN;
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024 / 1024);
    }

    static String ratio(double ours, double bare) {
        return String.format(Locale.ROOT, "%.2f×", ours / bare);
    }
}
