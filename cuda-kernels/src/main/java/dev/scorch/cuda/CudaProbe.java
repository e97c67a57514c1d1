package dev.scorch.cuda;

import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Whether this machine can run the CUDA backend: JCuda's native library loads, the driver initialises, and there is
 * at least one device. Asked once per JVM (the answer is cached), and the only class that touches JCuda before the
 * answer is known, so that a missing library, driver or device is a reason, never an exception escaping into the
 * caller: {@link UnsatisfiedLinkError} (no native library, or no {@code libcuda}), {@link NoClassDefFoundError} (JCuda
 * not on the class path), and CUDA errors from {@code cuInit} ({@code CUDA_ERROR_NO_DEVICE}, a stub driver, ...).
 */
public final class CudaProbe {
    /** The start of every reason: what {@code --device cuda} reports on a machine without a GPU. */
    public static final String NO_DEVICE = "no CUDA driver or device was found";

    private static volatile Availability answer;

    private CudaProbe() {
    }

    /**
     * What the probe found.
     *
     * @param devices number of CUDA devices (0 when unavailable)
     * @param name    the first device's name, or null
     * @param reason  null when available, otherwise why not, starting with {@link #NO_DEVICE}
     */
    public record Availability(int devices, String name, String reason) {
        public boolean available() {
            return reason == null;
        }
    }

    /** The cached answer, probing on the first call. */
    public static Availability availability() {
        Availability a = answer;
        if (a == null) {
            synchronized (CudaProbe.class) {
                a = answer;
                if (a == null) {
                    a = probe();
                    answer = a;
                }
            }
        }
        return a;
    }

    /** Probes now (not cached): for tests, and for {@link #availability()}. */
    static Availability probe() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int r = JCudaDriver.cuInit(0);
            if (r != CUresult.CUDA_SUCCESS) {
                return unavailable("cuInit failed with " + CUresult.stringFor(r));
            }
            int[] count = new int[1];
            r = JCudaDriver.cuDeviceGetCount(count);
            if (r != CUresult.CUDA_SUCCESS) {
                return unavailable("cuDeviceGetCount failed with " + CUresult.stringFor(r));
            }
            if (count[0] == 0) {
                return unavailable("the driver reports no devices");
            }
            CUdevice d = new CUdevice();
            JCudaDriver.cuDeviceGet(d, 0);
            byte[] name = new byte[256];
            JCudaDriver.cuDeviceGetName(name, name.length, d);
            return new Availability(count[0], cString(name), null);
        } catch (UnsatisfiedLinkError e) {
            return unavailable("JCuda's native library did not load (" + firstLine(e) + ")");
        } catch (NoClassDefFoundError e) {
            return unavailable("JCuda is not on the class path (" + firstLine(e) + ")");
        } catch (RuntimeException | ExceptionInInitializerError e) {
            return unavailable("CUDA failed to start (" + firstLine(e) + ")");
        }
    }

    private static Availability unavailable(String why) {
        return new Availability(0, null, NO_DEVICE + ": " + why);
    }

    /**
     * One line of an error: JCuda's link errors run over many lines, and the one that names the missing driver
     * library ({@code libcuda.so.1: cannot open shared object file}) says more than the first.
     */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage().strip();
        String[] lines = m.split("\\R");
        for (String line : lines) {
            if (line.contains("libcuda")) {
                String s = line.strip();
                int at = s.indexOf("libcuda");
                return lines[0].strip() + ": " + s.substring(at);
            }
        }
        return lines[0].strip();
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
