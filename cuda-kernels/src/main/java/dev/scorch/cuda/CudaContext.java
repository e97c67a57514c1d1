package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CUDA device as the backend uses it: the device's primary context (made current on whichever thread calls in),
 * the kernels of every PTX module in {@link Ptx#MODULES}, loaded once with {@code cuModuleLoadData} (the driver
 * compiles them for the device and caches the result), the {@link DeviceMemory}, and launches on the default stream.
 *
 * <p>Launches are asynchronous; errors of a kernel surface at the next call that waits for the device. With the system
 * property {@code scorch.cuda.sync=true} every launch is followed by a synchronisation, so that an error names the
 * kernel that caused it (slower; for debugging and the GPU check).
 */
final class CudaContext {
    /** Threads per block of the one-dimensional (grid-stride) kernels. */
    static final int THREADS = 256;
    private static final int MAX_BLOCKS = 1 << 16;
    private static final boolean SYNC = Boolean.getBoolean("scorch.cuda.sync");

    private final Device device;
    private final CUcontext context;
    private final String name;
    private final int multiprocessors;
    private final int computeCapability;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final List<CUmodule> modules = new ArrayList<>();
    private final DeviceMemory memory;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private CudaContext(int index) {
        this.device = Device.cuda(index);
        CUdevice dev = new CUdevice();
        check(JCudaDriver.cuDeviceGet(dev, index), "cuDeviceGet(" + index + ")");
        byte[] n = new byte[256];
        check(JCudaDriver.cuDeviceGetName(n, n.length, dev), "cuDeviceGetName");
        this.name = CudaProbe.cString(n);
        this.multiprocessors = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.computeCapability = 10 * attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
                + attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        this.memory = new DeviceMemory(this, free[0]);
        for (String module : Ptx.MODULES) {
            CUmodule m = new CUmodule();
            int r = JCudaDriver.cuModuleLoadData(m, Ptx.loadable(module));
            if (r != CUresult.CUDA_SUCCESS) {
                throw new IllegalStateException("cuda: " + device + " (" + name + ") could not load the " + module
                        + " kernels: " + CUresult.stringFor(r) + " (the PTX is built by CUDA 13 for compute_75: it "
                        + "needs a CUDA 13 driver and a Turing or newer GPU)");
            }
            modules.add(m);
            for (String entry : Ptx.entries(Ptx.text(module))) {
                CUfunction f = new CUfunction();
                check(JCudaDriver.cuModuleGetFunction(f, m, entry), "cuModuleGetFunction(" + entry + ")");
                functions.put(entry, f);
            }
        }
    }

    /** Opens device {@code index} (the probe has found it). */
    static CudaContext open(int index) {
        return new CudaContext(index);
    }

    Device device() {
        return device;
    }

    /** The device's name, e.g. "NVIDIA H200". */
    String name() {
        return name;
    }

    int multiprocessors() {
        return multiprocessors;
    }

    /** Major·10 + minor, e.g. 90 for Hopper. */
    int computeCapability() {
        return computeCapability;
    }

    DeviceMemory memory() {
        return memory;
    }

    /** Makes this context current on the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current.set(true);
        }
    }

    /** Waits for every queued kernel and copy. */
    void synchronize() {
        makeCurrent();
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** Zero-fills {@code bytes} bytes at {@code p}, in stream order. */
    void zero(CUdeviceptr p, long bytes) {
        check(JCudaDriver.cuMemsetD8Async(p, (byte) 0, bytes, null), "cuMemsetD8Async");
    }

    /** Writes one element at {@code p} in stream order without waiting: {@code integer} for I64, else {@code value}. */
    void setScalar(CUdeviceptr p, DType dtype, double value, long integer) {
        makeCurrent();
        switch (dtype) {
            case F32 -> check(JCudaDriver.cuMemsetD32Async(p, Float.floatToRawIntBits((float) value), 1, null),
                    "cuMemsetD32Async");
            case BOOL -> check(JCudaDriver.cuMemsetD8Async(p, (byte) (value != 0 ? 1 : 0), 1, null),
                    "cuMemsetD8Async");
            case F64, I64 -> {
                long bits = dtype == DType.F64 ? Double.doubleToRawLongBits(value) : integer;
                // Little-endian: the low word first.
                check(JCudaDriver.cuMemsetD32Async(p, (int) bits, 1, null), "cuMemsetD32Async");
                check(JCudaDriver.cuMemsetD32Async(p.withByteOffset(4), (int) (bits >>> 32), 1, null),
                        "cuMemsetD32Async");
            }
        }
    }

    /** Launches a kernel over a grid of {@code gx·gy·gz} blocks of {@code block} threads. */
    void launch(String kernel, int gx, int gy, int gz, int block, Args args) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            throw new IllegalStateException("cuda: no kernel named " + kernel + " in the PTX modules " + Ptx.MODULES);
        }
        makeCurrent();
        check(JCudaDriver.cuLaunchKernel(f, gx, gy, gz, block, 1, 1, 0, null, args.pointer(), null),
                "launching " + kernel);
        if (SYNC) {
            check(JCudaDriver.cuCtxSynchronize(), "running " + kernel);
        }
    }

    /** Launches a grid-stride kernel over {@code n} elements (nothing for n = 0). */
    void launch(String kernel, long n, Args args) {
        if (n <= 0) {
            return;
        }
        int blocks = (int) Math.min(MAX_BLOCKS, (n + THREADS - 1) / THREADS);
        launch(kernel, blocks, 1, 1, THREADS, args);
    }

    /** Fails with the CUDA error's name when {@code result} is not success. */
    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new IllegalStateException("cuda: " + what + " failed: " + CUresult.stringFor(result));
        }
    }

    private static int attribute(CUdevice dev, int attribute) {
        int[] v = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(v, attribute, dev), "cuDeviceGetAttribute(" + attribute + ")");
        return v[0];
    }

    /** Copies {@code bytes} from the host memory at {@code host} to {@code device}. */
    void copyToDevice(CUdeviceptr dst, Pointer host, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyHtoD(dst, host, bytes), "cuMemcpyHtoD");
    }

    /** Copies {@code bytes} from {@code src} on the device to the host memory at {@code host} (waits for it). */
    void copyToHost(Pointer host, CUdeviceptr src, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyDtoH(host, src, bytes), "cuMemcpyDtoH");
    }

    /** Device-to-device copy, in stream order. */
    void copyOnDevice(CUdeviceptr dst, CUdeviceptr src, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyDtoDAsync(dst, src, bytes, null), "cuMemcpyDtoDAsync");
    }
}
