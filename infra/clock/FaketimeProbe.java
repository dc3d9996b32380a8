import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;

/**
 * What a JVM sees under faketime (infra/clock/faketime-check runs it): "child" runs under faketime and prints its
 * clocks once every 100 ms while it plays a sine tone through Java Sound and times sleeps, parks and timed waits;
 * "parent" runs it (not faked) and stamps every line it receives with its own clocks, so the child's shift and rate
 * are measured against the real ones. The quickest-arriving lines bound the pipe's delay.
 */
public class FaketimeProbe {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(Integer.parseInt(args[1]));
        } else {
            parent(args);
        }
    }

    static void child(int seconds) throws Exception {
        Thread sound = new Thread(() -> playSine(seconds), "sound");
        sound.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long[] scheduled = new long[1];
        CountDownLatch oneShot = new CountDownLatch(1);
        long askedAt = System.nanoTime();
        timer.schedule(() -> { scheduled[0] = System.nanoTime() - askedAt; oneShot.countDown(); }, 2, TimeUnit.SECONDS);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sleepWorst = 0, parkWorst = 0, waitWorst = 0;
        int rounds = 0, early = 0;
        Object lock = new Object();
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            Thread.sleep(30);
            sleepWorst = Math.max(sleepWorst, System.nanoTime() - t - 30_000_000L);
            t = System.nanoTime();
            LockSupport.parkNanos(30_000_000L);
            parkWorst = Math.max(parkWorst, System.nanoTime() - t - 30_000_000L);
            t = System.nanoTime();
            synchronized (lock) {
                lock.wait(40);
            }
            long waited = System.nanoTime() - t;
            waitWorst = Math.max(waitWorst, waited - 40_000_000L);
            rounds++;
            if (waited < 36_000_000L) {
                early++;
            }
            System.out.println("clock " + System.currentTimeMillis() + " " + Instant.now() + " " + System.nanoTime());
        }
        boolean fired = oneShot.await(5, TimeUnit.SECONDS);
        timer.shutdown();
        sound.join();
        System.out.printf("waits: sleep(30ms) worst late %.1f ms, parkNanos(30ms) %.1f ms, wait(40ms) %.1f ms;"
                + " a 2 s scheduled task %s after %.1f ms (its nanoTime); wait(40ms) returned early (< 36 ms) in %d"
                + " of %d rounds%n", sleepWorst / 1e6, parkWorst / 1e6, waitWorst / 1e6, fired ? "ran" : "DID NOT RUN",
                scheduled[0] / 1e6, early, rounds);
    }

    static void playSine(int seconds) {
        AudioFormat format = new AudioFormat(44_100, 16, 1, true, false);
        try (SourceDataLine line = AudioSystem.getSourceDataLine(format)) {
            line.open(format, 8192);
            line.start();
            byte[] period = new byte[1024];
            long frames = 0, total = 44_100L * seconds;
            long t0 = System.nanoTime();
            while (frames < total) {
                for (int i = 0; i < period.length / 2; i++) {
                    short s = (short) (8000 * Math.sin(2 * Math.PI * 441 * (frames + i) / 44_100.0));
                    period[2 * i] = (byte) s;
                    period[2 * i + 1] = (byte) (s >> 8);
                }
                line.write(period, 0, period.length);
                frames += period.length / 2;
            }
            line.drain();
            System.out.printf("sound: %d frames written and drained in %.3f s (its nanoTime), line position %d%n",
                    total, (System.nanoTime() - t0) / 1e9, line.getLongFramePosition());
        } catch (Exception e) {
            System.out.println("sound: FAILED " + e);
        }
    }

    static void parent(String[] args) throws Exception {
        String spec = args[1];
        int seconds = Integer.parseInt(args[2]);
        List<String> command = new ArrayList<>(List.of("faketime", "-f", spec, System.getProperty("java.home")
                + "/bin/java", "-cp", System.getProperty("java.class.path"), "FaketimeProbe", "child",
                Integer.toString(seconds)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        long startReal = System.nanoTime();
        Process p = pb.start();
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = in.readLine()) != null) {
                long realNano = System.nanoTime();
                long realWall = System.currentTimeMillis();
                if (line.startsWith("clock ")) {
                    String[] f = line.split(" ");
                    long instantMs = Instant.parse(f[2]).toEpochMilli();
                    rows.add(new double[] {realNano / 1e6, realWall, Long.parseLong(f[1]), instantMs,
                        Long.parseLong(f[3]) / 1e6});
                } else {
                    System.out.println("  " + line);
                }
            }
        }
        int code = p.waitFor();
        System.out.printf("  child exit %d after %.1f s real%n", code, (System.nanoTime() - startReal) / 1e9);
        if (rows.size() < 10) {
            System.out.println("  too few clock lines: " + rows.size());
            return;
        }
        // Shift: the child's clock minus the real wall clock, over the first and last 10% (the quickest line of
        // each, as a pipe only delays). Rate: how the shift grows per real second, in ppm.
        int tenth = Math.max(1, rows.size() / 10);
        report("currentTimeMillis", rows, 2, tenth);
        report("Instant.now", rows, 3, tenth);
        report("nanoTime (vs real nanoTime)", rows, 4, tenth);
    }

    static void report(String name, List<double[]> rows, int column, int tenth) {
        int ref = column == 4 ? 0 : 1;
        double first = Double.MAX_VALUE, last = Double.MAX_VALUE;
        double firstAt = 0, lastAt = 0;
        // Child minus real, taking the largest (the line that waited least in the pipe reads highest).
        first = -Double.MAX_VALUE;
        last = -Double.MAX_VALUE;
        for (int i = 0; i < tenth; i++) {
            double[] r = rows.get(i);
            double d = r[column] - r[ref];
            if (d > first) { first = d; firstAt = r[0]; }
            double[] s = rows.get(rows.size() - 1 - i);
            double e = s[column] - s[ref];
            if (e > last) { last = e; lastAt = s[0]; }
        }
        double ppm = (last - first) / (lastAt - firstAt) * 1e6;
        if (column == 4) {
            System.out.printf("  %-28s rate %+.1f ppm against the real nanoTime (over %.0f s)%n", name, ppm,
                    (lastAt - firstAt) / 1000);
        } else {
            System.out.printf("  %-28s shift at start %+.1f ms, at end %+.1f ms: rate %+.1f ppm (over %.0f s)%n",
                    name, first, last, ppm, (lastAt - firstAt) / 1000);
        }
    }
}
