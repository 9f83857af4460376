package dev.convergence.cli;

import dev.convergence.core.Environment;
import dev.convergence.core.sync.SyncProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far a long operation has got, on stderr only: a redrawn bar (files, bytes, rate,
 * ETA) when stderr is a terminal, a plain line every two seconds when it is not, nothing when
 * quiet. Nothing at all appears for operations that finish within the first second
 * ({@code CONVERGENCE_PROGRESS_DELAY_MS} and {@code CONVERGENCE_PROGRESS_INTERVAL_MS} change the
 * delay and the interval of plain lines, for tests).
 */
final class ProgressDisplay implements SyncProgress {

    private enum Mode { BAR, LINES, OFF }

    private static final long BAR_REDRAW_NANOS = 100_000_000L;
    private static final int BAR_CELLS = 24;

    private final PrintStream err;
    private final Mode mode;
    private final String label;
    private final long delayNanos;
    private final long intervalNanos;
    private final int width;
    private final long start = System.nanoTime();

    private String phase = "";
    private long phaseStart = start;
    private long files = -1;
    private long bytes = -1;
    private long doneFiles;
    private long doneBytes;
    private long lastShown = Long.MIN_VALUE;
    private boolean shown;
    private boolean barDrawn;

    private ProgressDisplay(PrintStream err, Mode mode, String label, Environment env, int width) {
        this.err = err;
        this.mode = mode;
        this.label = label;
        this.delayNanos = millis(env, "CONVERGENCE_PROGRESS_DELAY_MS", 1000) * 1_000_000L;
        this.intervalNanos = millis(env, "CONVERGENCE_PROGRESS_INTERVAL_MS", 2000) * 1_000_000L;
        this.width = width;
    }

    /** The display {@code ctx} calls for: off when {@code quiet}. */
    static ProgressDisplay of(CliContext ctx, boolean quiet, String label) {
        Terminal t = ctx.terminal();
        Mode mode = quiet ? Mode.OFF : t.stderrTty() ? Mode.BAR : Mode.LINES;
        return new ProgressDisplay(ctx.err(), mode, label, ctx.env(), t.width());
    }

    @Override
    public void total(String phase, long files, long bytes) {
        if (barDrawn) {
            clearBar();
        }
        this.phase = phase;
        this.files = files;
        this.bytes = bytes;
        this.doneFiles = 0;
        this.doneBytes = 0;
        this.phaseStart = System.nanoTime();
        show(false);
    }

    @Override
    public void onFile(String rel, long size) {
        doneFiles++;
        doneBytes += Math.max(0, size);
        show(false);
    }

    /** The operation is over: remove the bar, or end the plain lines with a summary if any was shown. */
    void finish() {
        if (mode == Mode.BAR && barDrawn) {
            clearBar();
        } else if (mode == Mode.LINES && shown) {
            err.println(label + ": done in " + seconds(System.nanoTime() - start));
        }
    }

    private void show(boolean force) {
        if (mode == Mode.OFF) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - start < delayNanos) {
            return;
        }
        long gap = mode == Mode.BAR ? BAR_REDRAW_NANOS : intervalNanos;
        boolean phaseDone = files >= 0 && doneFiles == files;
        if (lastShown != Long.MIN_VALUE && now - lastShown < gap && !(mode == Mode.BAR && phaseDone)) {
            return;
        }
        lastShown = now;
        shown = true;
        if (mode == Mode.BAR) {
            String line = bar(now);
            err.print("\r" + line + "\u001b[K");
            err.flush();
            barDrawn = true;
        } else {
            err.println(label + " " + phase + ": " + counts() + rateAndEta(now));
        }
    }

    private String bar(long now) {
        double fraction = files > 0 ? (bytes > 0 ? (double) doneBytes / bytes : (double) doneFiles / files) : 0;
        int filled = (int) Math.round(Math.min(1, fraction) * BAR_CELLS);
        String text = label + " " + phase + " [" + "#".repeat(filled) + "-".repeat(BAR_CELLS - filled) + "] "
                + counts() + rateAndEta(now);
        return text.length() < width ? text : text.substring(0, Math.max(0, width - 1));
    }

    private String counts() {
        String f = doneFiles + (files >= 0 ? "/" + files : "") + " files";
        String b = bytes >= 0 ? TextTable.bytes(doneBytes) + "/" + TextTable.bytes(bytes) : TextTable.bytes(doneBytes);
        return f + ", " + b;
    }

    private String rateAndEta(long now) {
        double secs = (now - phaseStart) / 1e9;
        if (secs < 0.05 || doneBytes == 0) {
            return "";
        }
        double rate = doneBytes / secs;
        String r = ", " + TextTable.bytes((long) rate) + "/s";
        if (bytes > doneBytes) {
            r += ", ETA " + seconds((long) ((bytes - doneBytes) / rate * 1e9));
        }
        return r;
    }

    private void clearBar() {
        err.print("\r\u001b[K");
        err.flush();
        barDrawn = false;
    }

    private static String seconds(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private static long millis(Environment env, String name, long fallback) {
        try {
            return env.get(name).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
