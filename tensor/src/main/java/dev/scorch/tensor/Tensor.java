package dev.scorch.tensor;

import dev.scorch.tensor.cpu.CpuStorage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An n-dimensional array of one {@link DType} on one {@link Device}: a view (shape, strides, offset) over a
 * {@link Storage}.
 *
 * <p>Tensors are immutable from the outside: every op returns a new tensor, and views ({@link #reshape},
 * {@link #permute}, {@link #expand}, {@link #slice}, ...) share storage with their source. The few methods that write
 * into an existing tensor end in {@code InPlace}; they exist for optimizers and bump the storage's version so that
 * autodiff notices.
 *
 * <p>Every public method checks its arguments and fails with a message that names the op, what it expected and what
 * it got, e.g. {@code matmul: inner dimensions differ: [2, 3] @ [4, 5] (3 != 4)}. Binary ops broadcast as NumPy does.
 * Dtypes never mix: convert with {@link #toType(DType)}.
 */
public final class Tensor {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    /**
     * A view of {@code storage}. Low-level: the caller guarantees that every index the view can reach lies inside the
     * storage; ops and backends use it to describe their outputs.
     */
    public Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("Tensor: " + strides.length + " strides for shape " + shape);
        }
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ------------------------------------------------------------------ accessors

    /** The dimensions. */
    public Shape shape() {
        return shape;
    }

    /** Size of one axis (negative axes count from the end). */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int numel() {
        return shape.numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** The shared buffer. Low-level: for backends and autodiff's version checks. */
    public Storage storage() {
        return storage;
    }

    /** Strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Stride of one axis, in elements. */
    public int stride(int axis) {
        return strides[shape.axis("stride", axis)];
    }

    /** Position of element [0, ..., 0] in the storage. */
    public int offset() {
        return offset;
    }

    /** True when the elements are laid out in row-major order without gaps (size-1 axes may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d == 0) {
                return true;
            }
            if (d != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= d;
            }
        }
        return true;
    }

    Backend backend() {
        return Backends.forDevice(storage.device());
    }

    // ------------------------------------------------------------------ creation

    /** A zero-filled contiguous tensor. */
    public static Tensor zeros(Shape shape, DType dtype, Device device) {
        Backend b = Backends.forDevice("zeros", device);
        return new Tensor(b.allocate(dtype, shape.numel()), shape, shape.contiguousStrides(), 0);
    }

    public static Tensor zeros(Shape shape, DType dtype) {
        return zeros(shape, dtype, Device.CPU);
    }

    /**
     * A contiguous tensor whose values are unspecified, as {@code torch.empty}: for an output every element of which
     * is written next. Zero-filled, except inside a {@link dev.scorch.tensor.cpu.BufferPool} scope, where it may hold
     * a previous step's values.
     */
    public static Tensor empty(Shape shape, DType dtype, Device device) {
        Backend b = Backends.forDevice("empty", device);
        return new Tensor(b.allocateUninitialized(dtype, shape.numel()), shape, shape.contiguousStrides(), 0);
    }

    /** {@link #empty(Shape, DType, Device)} on the CPU. */
    public static Tensor empty(Shape shape, DType dtype) {
        return empty(shape, dtype, Device.CPU);
    }

    public static Tensor zeros(DType dtype, int... dims) {
        return zeros(Shape.of(dims), dtype);
    }

    /** F32 zeros. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims), DType.F32);
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape, t.dtype(), t.device());
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(Shape shape, double value, DType dtype, Device device) {
        Backends.forDevice("full", device);
        Tensor t = zeros(shape, dtype, device);
        // Raw bits rather than value != 0, so that −0.0 is written too.
        if (Double.doubleToRawLongBits(value) != 0) {
            checkScalarFits("full", value, dtype);
            t.backend().fill(t, value);
        }
        return t;
    }

    public static Tensor full(Shape shape, double value, DType dtype) {
        return full(shape, value, dtype, Device.CPU);
    }

    public static Tensor full(double value, DType dtype, int... dims) {
        return full(Shape.of(dims), value, dtype, Device.CPU);
    }

    public static Tensor fullLike(Tensor t, double value) {
        return full(t.shape, value, t.dtype(), t.device());
    }

    public static Tensor ones(Shape shape, DType dtype) {
        return full(shape, 1, dtype, Device.CPU);
    }

    public static Tensor ones(DType dtype, int... dims) {
        return full(Shape.of(dims), 1, dtype, Device.CPU);
    }

    /** F32 ones. */
    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1, DType.F32, Device.CPU);
    }

    public static Tensor onesLike(Tensor t) {
        return full(t.shape, 1, t.dtype(), t.device());
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(Shape.scalar(), value, dtype, Device.CPU);
    }

    /**
     * {@code start, start + step, ...} up to but excluding {@code end}: ⌈(end − start) / step⌉ elements, as
     * {@code numpy.arange}. For I64, start and step must be integers (the end need not be).
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step) || Double.isInfinite(start) || Double.isInfinite(end)
                || Double.isNaN(start) || Double.isNaN(end)) {
            throw new IllegalArgumentException("arange: expected finite start and end and a non-zero step, got start="
                    + start + ", end=" + end + ", step=" + step);
        }
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + count + " elements is too many");
        }
        int n = (int) Math.max(0, count);
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("arange: dtype BOOL is not supported (expected F32, F64 or I64)");
        }
        if (dtype == DType.I64 && (start != Math.rint(start) || step != Math.rint(step))) {
            // NumPy and PyTorch give different (and surprising) integers here; refuse rather than pick one.
            throw new IllegalArgumentException("arange: dtype I64 needs an integer start and step, got start=" + start
                    + ", step=" + step);
        }
        Tensor t = zeros(Shape.of(n), dtype);
        t.backend().arange(t, start, step);
        return t;
    }

    /** {@code 0, 1, ..., end - 1} as I64. */
    public static Tensor arange(long end) {
        return arange(0, end, 1, DType.I64);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("linspace: dtype " + dtype + " is not supported (expected F32 or F64)");
        }
        double[] v = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            // NOTE: the upper half counts back from the end, as PyTorch does, so that the last value is exactly `end`;
            // a single step is `start`, as in NumPy and PyTorch.
            v[i] = i < steps / 2 || steps == 1 ? start + i * step : end - (steps - 1 - i) * step;
        }
        return of(v, steps).toType(dtype);
    }

    /** The {@code n x n} identity. */
    public static Tensor eye(int n, DType dtype) {
        return eye(n, n, dtype);
    }

    /** An {@code n x m} matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m, DType dtype) {
        Tensor t = zeros(Shape.of(n, m), dtype);
        int k = Math.min(n, m);
        Tensor diag = new Tensor(t.storage, Shape.of(k), new int[] {m + 1}, 0);
        t.backend().fill(diag, 1);
        return t;
    }

    /** An F32 tensor with a copy of {@code data} in row-major order. */
    public static Tensor of(float[] data, int... dims) {
        return fromArray("of", data.clone(), data.length, dims);
    }

    /** An F64 tensor with a copy of {@code data}. */
    public static Tensor of(double[] data, int... dims) {
        return fromArray("of", data.clone(), data.length, dims);
    }

    /** An I64 tensor with a copy of {@code data}. */
    public static Tensor of(long[] data, int... dims) {
        return fromArray("of", data.clone(), data.length, dims);
    }

    /** An I64 tensor from ints (labels, indices). */
    public static Tensor of(int[] data, int... dims) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = data[i];
        }
        return fromArray("of", l, l.length, dims);
    }

    /** A BOOL tensor. */
    public static Tensor of(boolean[] data, int... dims) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (data[i] ? 1 : 0);
        }
        return fromArray("of", b, b.length, dims);
    }

    private static Tensor fromArray(String op, Object array, int length, int[] dims) {
        Shape s = Shape.of(dims);
        if (s.numel() != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + s + " ("
                    + s.numel() + " elements)");
        }
        return new Tensor(CpuStorage.wrap(array), s, s.contiguousStrides(), 0);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, DType dtype, int... dims) {
        return uniform(rng, 0, 1, Shape.of(dims), dtype, Device.CPU);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, DType dtype, int... dims) {
        return normal(rng, 0, 1, Shape.of(dims), dtype, Device.CPU);
    }

    /** Uniform in [low, high). */
    public static Tensor uniform(Rng rng, double low, double high, Shape shape, DType dtype, Device device) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("uniform: dtype " + dtype + " is not supported (expected F32 or F64)");
        }
        if (!(low <= high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("uniform: expected finite low <= high, got [" + low + ", " + high + ")");
        }
        Backends.forDevice("uniform", device);
        return random(rng, Backend.RandomKind.UNIFORM, low, high, shape, dtype, device);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Rng rng, double mean, double std, Shape shape, DType dtype, Device device) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("normal: dtype " + dtype + " is not supported (expected F32 or F64)");
        }
        if (!(std >= 0) || Double.isInfinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: expected a finite mean and std >= 0, got mean=" + mean
                    + ", std=" + std);
        }
        Backends.forDevice("normal", device);
        return random(rng, Backend.RandomKind.NORMAL, mean, std, shape, dtype, device);
    }

    /** Random normal noise with the shape, dtype and device of {@code like}. */
    public static Tensor randnLike(Rng rng, Tensor like) {
        return normal(rng, 0, 1, like.shape, like.dtype(), like.device());
    }

    /** I64 integers uniform in [low, high). */
    public static Tensor randint(Rng rng, long low, long high, int... dims) {
        if (low >= high || high - low <= 0) {
            throw new IllegalArgumentException("randint: expected low < high, got [" + low + ", " + high + ")");
        }
        if ((long) (double) low != low || (long) (double) high != high) {
            // The backend receives the bounds as doubles; refuse bounds that would arrive changed.
            throw new IllegalArgumentException("randint: bounds must be exact as doubles (|x| <= 2^53 or a multiple "
                    + "of a power of two), got [" + low + ", " + high + ")");
        }
        return random(rng, Backend.RandomKind.INTEGERS, low, high, Shape.of(dims), DType.I64, Device.CPU);
    }

    private static Tensor random(Rng rng, Backend.RandomKind kind, double p1, double p2, Shape shape, DType dtype,
                                 Device device) {
        Tensor t = empty(shape, dtype, device);
        long first = rng.reserve(shape.numel());
        t.backend().random(kind, rng.seed(), first, p1, p2, t);
        return t;
    }

    /**
     * A random permutation of {@code 0 .. n-1} (I64), by Fisher-Yates with one Philox counter per swap (Knuth, TAOCP
     * vol. 2, Algorithm 3.4.2P).
     */
    public static Tensor randperm(Rng rng, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: n must be >= 0, got " + n);
        }
        long first = rng.reserve(n);
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        int[] w = new int[4];
        for (int i = n - 1; i > 0; i--) {
            Philox.block(rng.seed(), first + i, w);
            int j = (int) Philox.below(w[0], w[1], i + 1L);
            long tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return of(p, n);
    }

    // ------------------------------------------------------------------ conversion and element access

    /** This tensor converted to {@code dtype} (a copy; {@code this} when the dtype already matches). */
    public Tensor toType(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        Tensor out = empty(shape, dtype, device());
        backend().convert(this, out);
        return out;
    }

    /** This tensor on {@code device} ({@code this} when it is already there). */
    public Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        Tensor cpu = device().kind() == Device.Kind.CPU ? contiguous() : Backends.forDevice("to", device()).toCpu(this);
        return device.kind() == Device.Kind.CPU ? cpu : Backends.forDevice("to", device).fromCpu(cpu);
    }

    /** A contiguous tensor with the same elements: {@code this} when already contiguous, else a copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A contiguous copy with its own storage. */
    public Tensor copy() {
        Tensor out = empty(shape, dtype(), device());
        backend().copy(this, out);
        return out;
    }

    private CpuStorage hostStorageOf(Tensor t) {
        return (CpuStorage) t.storage;
    }

    private Tensor hostContiguous() {
        Tensor c = device().kind() == Device.Kind.CPU ? contiguous() : backend().toCpu(this);
        if (c.offset != 0 || c.storage.size() != c.numel()) {
            c = c.copy();
        }
        return c;
    }

    /** The elements in row-major order as floats (F32 only). */
    public float[] toFloatArray() {
        requireDType("toFloatArray", DType.F32);
        Tensor c = unpooledHostContiguous(null);
        float[] a = hostStorageOf(c).floats();
        return c == this ? a.clone() : a;
    }

    /** The elements in row-major order as doubles (any dtype; BOOL gives 0 and 1). */
    public double[] toDoubleArray() {
        Tensor c = unpooledHostContiguous(DType.F64);
        double[] a = hostStorageOf(c).doubles();
        return c == this ? a.clone() : a;
    }

    /** The elements in row-major order as longs (I64 only). */
    public long[] toLongArray() {
        requireDType("toLongArray", DType.I64);
        Tensor c = unpooledHostContiguous(null);
        long[] a = hostStorageOf(c).longs();
        return c == this ? a.clone() : a;
    }

    /**
     * This tensor as {@code dtype} (null: as it is), contiguous on the host: itself when it already is, else a copy
     * made outside any {@link dev.scorch.tensor.cpu.BufferPool} scope, whose array the caller may hand out (a pooled
     * copy's array would go back to the pool, and be overwritten, when the scope closes).
     */
    private Tensor unpooledHostContiguous(DType dtype) {
        try (dev.scorch.tensor.cpu.BufferPool.Suspension s = dev.scorch.tensor.cpu.BufferPool.suspend()) {
            Tensor t = dtype == null ? this : toType(dtype);
            return t.hostContiguous();
        }
    }

    /** The elements in row-major order as booleans (BOOL only). */
    public boolean[] toBooleanArray() {
        requireDType("toBooleanArray", DType.BOOL);
        byte[] b = hostStorageOf(hostContiguous()).bytes();
        boolean[] out = new boolean[numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b[i] != 0;
        }
        return out;
    }

    /** The value of a one-element tensor, as a double. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: expected a tensor with one element, got shape " + shape);
        }
        return toDoubleArray()[0];
    }

    /** The value of a one-element I64 tensor. */
    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalArgumentException("itemLong: expected a tensor with one element, got shape " + shape);
        }
        return toLongArray()[0];
    }

    /** One element, as a double. */
    public double getDouble(int... index) {
        return select(index).item();
    }

    /** One element of an I64 tensor. */
    public long getLong(int... index) {
        return select(index).itemLong();
    }

    private Tensor select(int[] index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: expected " + rank() + " indices for shape " + shape + ", got "
                    + Arrays.toString(index));
        }
        Tensor t = this;
        for (int i = 0; i < index.length; i++) {
            int size = shape.dim(i);
            if (index[i] < -size || index[i] >= size) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " out of range for shape "
                        + shape + " (axis " + i + ": " + index[i] + " not in -" + size + ".." + (size - 1) + ")");
            }
            t = t.select(0, index[i]);
        }
        return t;
    }

    // ------------------------------------------------------------------ views

    /**
     * The same elements with another shape; one dimension may be -1 (inferred). A view when the strides allow it, as
     * {@code torch.reshape}, otherwise a copy.
     */
    public Tensor reshape(int... dims) {
        Shape target = inferShape("reshape", dims);
        int[] s = viewStrides(target);
        return s != null ? new Tensor(storage, target, s, offset) : copy().reshape(dims);
    }

    public Tensor reshape(Shape shape) {
        return reshape(shape.dims());
    }

    /** As {@link #reshape} but never copies: fails when the strides do not allow a view, as {@code torch.view}. */
    public Tensor view(int... dims) {
        Shape target = inferShape("view", dims);
        int[] s = viewStrides(target);
        if (s == null) {
            throw new IllegalArgumentException("view: cannot view shape " + shape + " with strides "
                    + Shape.format(strides) + " as " + target + " without a copy (use reshape or contiguous)");
        }
        return new Tensor(storage, target, s, offset);
    }

    private Shape inferShape(String op, int[] dims) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Shape.format(dims));
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid dimension " + dims[i] + " in " + Shape.format(dims));
            } else {
                known *= dims[i];
            }
        }
        int[] d = dims.clone();
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer -1 in " + Shape.format(dims) + " for shape "
                        + shape + " (" + numel() + " elements)");
            }
            d[infer] = (int) (numel() / known);
            known *= d[infer];
        }
        if (known != numel()) {
            throw new IllegalArgumentException(op + ": shape " + Shape.format(dims) + " (" + known
                    + " elements) does not match " + shape + " (" + numel() + " elements)");
        }
        return Shape.of(d);
    }

    /** Strides that view this tensor's elements as {@code target} without a copy, or null (PyTorch's computeStride). */
    private int[] viewStrides(Shape target) {
        if (isContiguous()) {
            return target.contiguousStrides();
        }
        int[] newStrides = new int[target.rank()];
        int viewD = target.rank() - 1;
        int chunkBaseStride = strides[rank() - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = rank() - 1; d >= 0; d--) {
            tensorNumel *= shape.dim(d);
            if (d == 0 || (shape.dim(d - 1) != 1 && strides[d - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || target.dim(viewD) == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= target.dim(viewD);
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** Reorders the axes: result axis i is input axis {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute: expected " + rank() + " axes for shape " + shape + ", got "
                    + Arrays.toString(order));
        }
        int[] d = new int[rank()];
        int[] s = new int[rank()];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < order.length; i++) {
            int a = shape.axis("permute", order[i]);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + order[i] + " repeated in " + Arrays.toString(order));
            }
            seen[a] = true;
            d[i] = shape.dim(a);
            s[i] = strides[a];
        }
        return new Tensor(storage, Shape.of(d), s, offset);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        int a = shape.axis("transpose", axis0);
        int b = shape.axis("transpose", axis1);
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Transpose of a matrix (rank 0 and 1 are returned as they are). */
    public Tensor t() {
        if (rank() > 2) {
            throw new IllegalArgumentException("t: expected a tensor of rank <= 2, got shape " + shape
                    + " (use transpose or permute)");
        }
        return rank() < 2 ? this : transpose(0, 1);
    }

    /**
     * Broadcasts size-1 axes (and new leading axes) to larger sizes without copying; -1 keeps a size, as
     * {@code torch.expand}.
     */
    public Tensor expand(int... dims) {
        if (dims.length < rank()) {
            throw new IllegalArgumentException("expand: cannot expand shape " + shape + " to fewer dimensions "
                    + Shape.format(dims));
        }
        int lead = dims.length - rank();
        int[] d = new int[dims.length];
        int[] s = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (i < lead) {
                if (dims[i] < 0) {
                    throw new IllegalArgumentException("expand: new leading dimension " + dims[i] + " in "
                            + Shape.format(dims) + " must be >= 0");
                }
                d[i] = dims[i];
                s[i] = 0;
            } else {
                int own = shape.dim(i - lead);
                int want = dims[i] == -1 ? own : dims[i];
                if (want == own) {
                    d[i] = own;
                    s[i] = strides[i - lead];
                } else if (own == 1 && want >= 0) {
                    d[i] = want;
                    s[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: cannot expand shape " + shape + " to "
                            + Shape.format(dims) + " (axis " + i + ": " + own + " -> " + dims[i] + ")");
                }
            }
        }
        return new Tensor(storage, Shape.of(d), s, offset);
    }

    /** {@link #expand} to a shape this one broadcasts to. */
    public Tensor broadcastTo(Shape target) {
        if (!shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + shape + " cannot be broadcast to " + target);
        }
        return target.equals(shape) ? this : expand(target.dims());
    }

    /** Elements {@code start .. start + length - 1} along an axis, as {@code torch.narrow}. */
    public Tensor narrow(int axis, int start, int length) {
        int a = shape.axis("narrow", axis);
        int size = shape.dim(a);
        if (start < 0 || length < 0 || start > size - length) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + start + " + " + length
                    + ") out of bounds for axis " + axis + " of size " + size + " in shape " + shape);
        }
        return new Tensor(storage, shape.replace(a, length), strides, offset + start * strides[a]);
    }

    /**
     * Python's {@code x[start:end:step]} along one axis: negative positions count from the end and are clamped to the
     * axis, as in Python slicing; the step must be positive.
     */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = shape.axis("slice", axis);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = shape.dim(a);
        int s = clampIndex(start, size);
        int e = clampIndex(end, size);
        int len = e > s ? (e - s - 1) / step + 1 : 0;
        int[] st = strides.clone();
        st[a] = strides[a] * step;
        return new Tensor(storage, shape.replace(a, len), st, offset + (len > 0 ? s * strides[a] : 0));
    }

    /** {@code x[start:end]} along one axis. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    private static int clampIndex(int i, int size) {
        int j = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, j));
    }

    /** The sub-tensor at {@code index} along {@code axis}, which disappears (negative indices count from the end). */
    public Tensor select(int axis, int index) {
        int a = shape.axis("select", axis);
        int size = shape.dim(a);
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("select: index " + index + " out of range for axis " + axis
                    + " of size " + size + " in shape " + shape);
        }
        int[] st = new int[rank() - 1];
        for (int k = 0, j = 0; k < rank(); k++) {
            if (k != a) {
                st[j++] = strides[k];
            }
        }
        return new Tensor(storage, shape.remove(a), st, offset + i * strides[a]);
    }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < rank(); i++) {
            if (shape.dim(i) != 1) {
                keep.add(i);
            }
        }
        int[] d = new int[keep.size()];
        int[] s = new int[keep.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = shape.dim(keep.get(i));
            s[i] = strides[keep.get(i)];
        }
        return new Tensor(storage, Shape.of(d), s, offset);
    }

    /** Removes {@code axis} if its size is 1; otherwise returns the tensor unchanged, as {@code torch.squeeze(dim)}. */
    public Tensor squeeze(int axis) {
        int a = shape.axis("squeeze", axis);
        return shape.dim(a) == 1 ? select(a, 0) : this;
    }

    /** Inserts an axis of size 1 at position {@code axis} (0..rank; negative counts from the end). */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + rank() + 1 : axis;
        if (a < 0 || a > rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + shape
                    + " (expected -" + (rank() + 1) + ".." + rank() + ")");
        }
        int[] s = new int[rank() + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = a < rank() ? strides[a] * shape.dim(a) : 1;
            } else {
                s[i] = strides[j++];
            }
        }
        return new Tensor(storage, shape.insert(a, 1), s, offset);
    }

    /** All axes merged into one. */
    public Tensor flatten() {
        return reshape(numel());
    }

    /** Axes {@code startAxis..endAxis} (inclusive) merged into one. */
    public Tensor flatten(int startAxis, int endAxis) {
        if (rank() == 0) {
            return reshape(1);
        }
        int s = shape.axis("flatten", startAxis);
        int e = shape.axis("flatten", endAxis);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis " + endAxis);
        }
        int[] d = new int[rank() - (e - s)];
        int m = 1;
        for (int i = s; i <= e; i++) {
            m *= shape.dim(i);
        }
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i < s || i > e) {
                d[j++] = shape.dim(i);
            } else if (i == s) {
                d[j++] = m;
            }
        }
        return reshape(d);
    }

    // ------------------------------------------------------------------ joining, splitting, padding, indexing

    /** Joins tensors along an existing axis; all other sizes, the dtype and the device must agree. */
    public static Tensor cat(int axis, Tensor... tensors) {
        return cat(axis, Arrays.asList(tensors));
    }

    public static Tensor cat(int axis, List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected at least one tensor");
        }
        Tensor first = tensors.get(0);
        if (first.rank() == 0) {
            throw new IllegalArgumentException("cat: cannot concatenate scalars (rank 0); use stack");
        }
        int a = first.shape.axis("cat", axis);
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            first.requireCompatible("cat", t);
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape
                        + ", expected rank " + first.rank() + " like " + first.shape);
            }
            for (int d = 0; d < t.rank(); d++) {
                if (d != a && t.dim(d) != first.dim(d)) {
                    throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape
                            + ", expected " + first.shape + " except on axis " + a + " (axis " + d + ": "
                            + t.dim(d) + " != " + first.dim(d) + ")");
                }
            }
            total += t.dim(a);
        }
        Tensor out = zeros(first.shape.replace(a, total), first.dtype(), first.device());
        int at = 0;
        for (Tensor t : tensors) {
            if (t.dim(a) > 0) {
                out.backend().copy(t, out.narrow(a, at, t.dim(a)));
            }
            at += t.dim(a);
        }
        return out;
    }

    /** Joins tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        return stack(axis, Arrays.asList(tensors));
    }

    public static Tensor stack(int axis, List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected at least one tensor");
        }
        Shape s = tensors.get(0).shape;
        if (axis < -s.rank() - 1 || axis > s.rank()) {
            throw new IllegalArgumentException("stack: axis " + axis + " out of range for stacking tensors of shape " + s
                    + " (expected -" + (s.rank() + 1) + ".." + s.rank() + ")");
        }
        List<Tensor> u = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!t.shape.equals(s)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + t.shape + ", expected " + s);
            }
            u.add(t.unsqueeze(axis));
        }
        return cat(axis, u);
    }

    /** Views of consecutive pieces of {@code size} along an axis (the last may be shorter), as {@code torch.split}. */
    public List<Tensor> split(int size, int axis) {
        int a = shape.axis("split", axis);
        if (size <= 0) {
            throw new IllegalArgumentException("split: size must be positive, got " + size);
        }
        List<Tensor> out = new ArrayList<>();
        int n = shape.dim(a);
        for (int start = 0; start < n; start += size) {
            out.add(narrow(a, start, Math.min(size, n - start)));
        }
        if (n == 0) {
            out.add(this);
        }
        return out;
    }

    /** At most {@code chunks} views of ⌈size / chunks⌉ along an axis, as {@code torch.chunk}. */
    public List<Tensor> chunk(int chunks, int axis) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: chunks must be positive, got " + chunks);
        }
        int a = shape.axis("chunk", axis);
        int n = shape.dim(a);
        if (n == 0) {
            // As torch.chunk: an empty axis gives `chunks` empty pieces.
            return new ArrayList<>(Collections.nCopies(chunks, this));
        }
        return split((n - 1) / chunks + 1, a);
    }

    /**
     * Pads with a constant, as {@code torch.nn.functional.pad}: {@code pads} holds (before, after) pairs starting from
     * the last axis; negative values crop.
     */
    public Tensor pad(double value, int... pads) {
        if (pads.length % 2 != 0 || pads.length / 2 > rank()) {
            throw new IllegalArgumentException("pad: expected (before, after) pairs for at most " + rank()
                    + " axes of shape " + shape + ", got " + Arrays.toString(pads));
        }
        int[] d = shape.dims();
        int[] before = new int[rank()];
        int[] after = new int[rank()];
        for (int p = 0; p < pads.length / 2; p++) {
            int ax = rank() - 1 - p;
            before[ax] = pads[2 * p];
            after[ax] = pads[2 * p + 1];
            d[ax] = shape.dim(ax) + before[ax] + after[ax];
            if (d[ax] < 0) {
                throw new IllegalArgumentException("pad: padding " + Arrays.toString(pads) + " makes axis " + ax
                        + " of shape " + shape + " negative");
            }
        }
        Tensor out = full(Shape.of(d), value, dtype(), device());
        Tensor src = this;
        Tensor dst = out;
        for (int ax = 0; ax < rank(); ax++) {
            int srcStart = Math.max(0, -before[ax]);
            int len = shape.dim(ax) - srcStart - Math.max(0, -after[ax]);
            if (len <= 0) {
                // Cropping removed every element of this axis (or it had none): only the padding is left.
                return out;
            }
            src = src.narrow(ax, srcStart, len);
            dst = dst.narrow(ax, Math.max(0, before[ax]), len);
        }
        backend().copy(src, dst);
        return out;
    }

    /** Zero padding. */
    public Tensor pad(int... pads) {
        return pad(0.0, pads);
    }

    /** The entries at {@code index} (I64, rank 1) along an axis, as {@code torch.index_select}. */
    public Tensor indexSelect(int axis, Tensor index) {
        int a = shape.axis("indexSelect", axis);
        checkIndex("indexSelect", index, shape.dim(a), axis);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must have rank 1, got shape " + index.shape);
        }
        Tensor out = zeros(shape.replace(a, index.numel()), dtype(), device());
        backend().indexSelect(this, a, index, out);
        return out;
    }

    /**
     * A copy of this tensor with {@code src} added at positions {@code index} along an axis (the adjoint of
     * {@link #indexSelect}); repeated indices accumulate.
     */
    public Tensor indexAdd(int axis, Tensor index, Tensor src) {
        int a = shape.axis("indexAdd", axis);
        requireCompatible("indexAdd", src);
        if (!BinaryOp.ADD.accepts(dtype())) {
            throw new IllegalArgumentException("indexAdd: dtype " + dtype() + " is not supported (expected "
                    + BinaryOp.ADD.expected() + ")");
        }
        checkIndex("indexAdd", index, shape.dim(a), axis);
        Shape expected = shape.replace(a, index.numel());
        if (index.rank() != 1 || !src.shape.equals(expected)) {
            throw new IllegalArgumentException("indexAdd: expected index of rank 1 and src of shape " + expected
                    + ", got index " + index.shape + " and src " + src.shape);
        }
        Tensor out = copy();
        backend().indexAdd(out, a, index, src);
        return out;
    }

    /** {@code out[i][j][k] = this[i][index[i][j][k]][k]} for axis 1, and so on, as {@code torch.gather}. */
    public Tensor gather(int axis, Tensor index) {
        int a = shape.axis("gather", axis);
        checkGatherShapes("gather", a, index, index.shape);
        checkIndex("gather", index, shape.dim(a), axis);
        Tensor out = zeros(index.shape, dtype(), device());
        backend().gather(this, a, index, out);
        return out;
    }

    /** A copy of this tensor with {@code src} added at the positions {@code index} names (the adjoint of gather). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        int a = shape.axis("scatterAdd", axis);
        requireCompatible("scatterAdd", src);
        if (!src.shape.equals(index.shape)) {
            throw new IllegalArgumentException("scatterAdd: src shape " + src.shape + " must equal index shape "
                    + index.shape);
        }
        checkGatherShapes("scatterAdd", a, index, index.shape);
        checkIndex("scatterAdd", index, shape.dim(a), axis);
        Tensor out = copy();
        backend().scatterAdd(out, a, index, src);
        return out;
    }

    private void checkGatherShapes(String op, int axis, Tensor index, Shape idx) {
        if (idx.rank() != rank()) {
            throw new IllegalArgumentException(op + ": index must have the rank of the input, got index " + idx
                    + " for input " + shape);
        }
        for (int d = 0; d < rank(); d++) {
            if (d != axis && idx.dim(d) > shape.dim(d)) {
                throw new IllegalArgumentException(op + ": index shape " + idx + " exceeds input shape " + shape
                        + " on axis " + d);
            }
        }
    }

    private void checkIndex(String op, Tensor index, int size, int axis) {
        if (index.dtype() != DType.I64) {
            throw new IllegalArgumentException(op + ": index must be I64, got " + index.dtype());
        }
        if (!index.device().equals(device())) {
            throw new IllegalArgumentException(op + ": index is on " + index.device() + ", input on " + device());
        }
        if (index.numel() > 0) {
            long lo = (long) index.min().item();
            long hi = (long) index.max().item();
            if (lo < 0 || hi >= size) {
                throw new IllegalArgumentException(op + ": index " + (lo < 0 ? lo : hi) + " out of range for axis "
                        + axis + " of size " + size + " (expected 0.." + (size - 1) + ")");
            }
        }
    }

    /** One-hot encoding of I64 class labels: shape {@code [..., numClasses]}, dtype F32. */
    public Tensor oneHot(int numClasses) {
        return oneHot(numClasses, DType.F32);
    }

    /** One-hot encoding of I64 class labels in {@code [0, numClasses)}. */
    public Tensor oneHot(int numClasses, DType outType) {
        requireDType("oneHot", DType.I64);
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        }
        if (numel() > 0) {
            long lo = (long) min().item();
            long hi = (long) max().item();
            if (lo < 0 || hi >= numClasses) {
                throw new IllegalArgumentException("oneHot: label " + (lo < 0 ? lo : hi) + " out of range for "
                        + numClasses + " classes (expected 0.." + (numClasses - 1) + ")");
            }
        }
        Tensor classes = arange(numClasses).to(device());
        return unsqueeze(-1).eq(classes).toType(outType);
    }

    // ------------------------------------------------------------------ elementwise

    private Tensor unary(UnaryOp op, double p1, double p2) {
        if (!op.accepts(dtype())) {
            throw new IllegalArgumentException(op.opName() + ": dtype " + dtype() + " is not supported (expected "
                    + op.expected() + ")");
        }
        Tensor out = empty(shape, dtype(), device());
        backend().unary(op, this, out, p1, p2);
        return out;
    }

    /** Applies a {@link UnaryOp} with its parameters; the named methods below are the usual way in. */
    public Tensor apply(UnaryOp op, double p1, double p2) {
        return unary(op, p1, p2);
    }

    public Tensor neg() {
        return unary(UnaryOp.NEG, 0, 0);
    }

    public Tensor abs() {
        return unary(UnaryOp.ABS, 0, 0);
    }

    /** −1, 0 or +1 (NaN stays NaN). */
    public Tensor sign() {
        return unary(UnaryOp.SIGN, 0, 0);
    }

    public Tensor square() {
        return unary(UnaryOp.SQUARE, 0, 0);
    }

    public Tensor exp() {
        return unary(UnaryOp.EXP, 0, 0);
    }

    public Tensor log() {
        return unary(UnaryOp.LOG, 0, 0);
    }

    /** log(1 + x), accurate for small x. */
    public Tensor log1p() {
        return unary(UnaryOp.LOG1P, 0, 0);
    }

    /** exp(x) − 1, accurate for small x. */
    public Tensor expm1() {
        return unary(UnaryOp.EXPM1, 0, 0);
    }

    public Tensor sqrt() {
        return unary(UnaryOp.SQRT, 0, 0);
    }

    /** 1 / sqrt(x). */
    public Tensor rsqrt() {
        return unary(UnaryOp.RSQRT, 0, 0);
    }

    public Tensor reciprocal() {
        return unary(UnaryOp.RECIPROCAL, 0, 0);
    }

    public Tensor sin() {
        return unary(UnaryOp.SIN, 0, 0);
    }

    public Tensor cos() {
        return unary(UnaryOp.COS, 0, 0);
    }

    public Tensor tanh() {
        return unary(UnaryOp.TANH, 0, 0);
    }

    /** 1 / (1 + e^−x), computed without overflow for any x. */
    public Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID, 0, 0);
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^−|x|), finite for any finite x. */
    public Tensor softplus() {
        return unary(UnaryOp.SOFTPLUS, 0, 0);
    }

    /** log σ(x) = −softplus(−x), finite for any finite x. */
    public Tensor logSigmoid() {
        return unary(UnaryOp.LOG_SIGMOID, 0, 0);
    }

    public Tensor relu() {
        return unary(UnaryOp.RELU, 0, 0);
    }

    /** x for x &gt; 0, slope·x otherwise. */
    public Tensor leakyRelu(double slope) {
        return unary(UnaryOp.LEAKY_RELU, slope, 0);
    }

    /** x for x &gt; 0, alpha·(e^x − 1) otherwise. */
    public Tensor elu(double alpha) {
        return unary(UnaryOp.ELU, alpha, 0);
    }

    /** x·σ(x) (swish). */
    public Tensor silu() {
        return unary(UnaryOp.SILU, 0, 0);
    }

    /** Limits to [min, max]; either bound may be infinite. NaN stays NaN. */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        return unary(UnaryOp.CLAMP, min, max);
    }

    public Tensor clampMin(double min) {
        return clamp(min, Double.POSITIVE_INFINITY);
    }

    public Tensor clampMax(double max) {
        return clamp(Double.NEGATIVE_INFINITY, max);
    }

    public Tensor floor() {
        return unary(UnaryOp.FLOOR, 0, 0);
    }

    public Tensor ceil() {
        return unary(UnaryOp.CEIL, 0, 0);
    }

    /** Rounds half to even, as {@code torch.round}. */
    public Tensor round() {
        return unary(UnaryOp.ROUND, 0, 0);
    }

    /** x^exponent. */
    public Tensor pow(double exponent) {
        return unary(UnaryOp.POW_SCALAR, exponent, 0);
    }

    public Tensor logicalNot() {
        return unary(UnaryOp.NOT, 0, 0);
    }

    /** Applies a {@link BinaryOp} with broadcasting; the named methods below are the usual way in. */
    public Tensor apply(BinaryOp op, Tensor other) {
        requireCompatible(op.opName(), other);
        if (!op.accepts(dtype())) {
            throw new IllegalArgumentException(op.opName() + ": dtype " + dtype() + " is not supported (expected "
                    + op.expected() + ")");
        }
        Shape s = Shape.broadcast(op.opName(), shape, other.shape);
        Tensor out = empty(s, op.boolResult() ? DType.BOOL : dtype(), device());
        backend().binary(op, broadcastTo(s), other.broadcastTo(s), out);
        return out;
    }

    private Tensor apply(BinaryOp op, double scalar) {
        return apply(op, scalarLike(op.opName(), scalar));
    }

    /** A rank-0 tensor of this tensor's dtype and device. */
    private Tensor scalarLike(String op, double v) {
        checkScalarFits(op, v, dtype());
        Tensor s = full(Shape.scalar(), v, dtype(), Device.CPU);
        return s.to(device());
    }

    private static void checkScalarFits(String op, double v, DType dtype) {
        if (dtype == DType.I64 && v != Math.rint(v)) {
            throw new IllegalArgumentException(op + ": scalar " + v + " is not an integer, but the tensor is I64");
        }
        if (dtype == DType.BOOL && v != 0 && v != 1) {
            throw new IllegalArgumentException(op + ": scalar " + v + " is not 0 or 1, but the tensor is BOOL");
        }
    }

    public Tensor add(Tensor other) {
        return apply(BinaryOp.ADD, other);
    }

    public Tensor add(double other) {
        return apply(BinaryOp.ADD, other);
    }

    public Tensor sub(Tensor other) {
        return apply(BinaryOp.SUB, other);
    }

    public Tensor sub(double other) {
        return apply(BinaryOp.SUB, other);
    }

    public Tensor mul(Tensor other) {
        return apply(BinaryOp.MUL, other);
    }

    public Tensor mul(double other) {
        return apply(BinaryOp.MUL, other);
    }

    public Tensor div(Tensor other) {
        return apply(BinaryOp.DIV, other);
    }

    public Tensor div(double other) {
        return apply(BinaryOp.DIV, other);
    }

    /** Elementwise power with a tensor exponent. */
    public Tensor pow(Tensor exponent) {
        return apply(BinaryOp.POW, exponent);
    }

    /** Elementwise maximum; NaN wins, as in {@code torch.maximum}. */
    public Tensor maximum(Tensor other) {
        return apply(BinaryOp.MAXIMUM, other);
    }

    /** Elementwise minimum; NaN wins. */
    public Tensor minimum(Tensor other) {
        return apply(BinaryOp.MINIMUM, other);
    }

    public Tensor eq(Tensor other) {
        return apply(BinaryOp.EQ, other);
    }

    public Tensor eq(double other) {
        return apply(BinaryOp.EQ, other);
    }

    public Tensor ne(Tensor other) {
        return apply(BinaryOp.NE, other);
    }

    public Tensor ne(double other) {
        return apply(BinaryOp.NE, other);
    }

    public Tensor lt(Tensor other) {
        return apply(BinaryOp.LT, other);
    }

    public Tensor lt(double other) {
        return apply(BinaryOp.LT, other);
    }

    public Tensor le(Tensor other) {
        return apply(BinaryOp.LE, other);
    }

    public Tensor le(double other) {
        return apply(BinaryOp.LE, other);
    }

    public Tensor gt(Tensor other) {
        return apply(BinaryOp.GT, other);
    }

    public Tensor gt(double other) {
        return apply(BinaryOp.GT, other);
    }

    public Tensor ge(Tensor other) {
        return apply(BinaryOp.GE, other);
    }

    public Tensor ge(double other) {
        return apply(BinaryOp.GE, other);
    }

    public Tensor logicalAnd(Tensor other) {
        return apply(BinaryOp.AND, other);
    }

    public Tensor logicalOr(Tensor other) {
        return apply(BinaryOp.OR, other);
    }

    public Tensor logicalXor(Tensor other) {
        return apply(BinaryOp.XOR, other);
    }

    /** {@code cond ? a : b} elementwise, broadcasting all three; {@code cond} is BOOL. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be BOOL, got " + cond.dtype());
        }
        a.requireCompatible("where", b);
        if (!cond.device().equals(a.device())) {
            throw new IllegalArgumentException("where: condition is on " + cond.device() + ", values on " + a.device());
        }
        Shape s = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = empty(s, a.dtype(), a.device());
        a.backend().where(cond.broadcastTo(s), a.broadcastTo(s), b.broadcastTo(s), out);
        return out;
    }

    // ------------------------------------------------------------------ reductions

    /**
     * Reduces over {@code axes} (all axes when empty). With {@code keepdim} the reduced axes stay with size 1.
     *
     * @param param the correction for VAR/STD, the order p for NORM; ignored otherwise
     */
    public Tensor reduce(ReduceOp op, int[] axes, boolean keepdim, double param) {
        String name = op.opName();
        int[] ax = shape.axes(name, axes);
        DType outType = dtype();
        switch (op) {
            case SUM, MAX, MIN -> {
                if (dtype() == DType.BOOL) {
                    if (op != ReduceOp.SUM) {
                        throw new IllegalArgumentException(name + ": dtype BOOL is not supported (expected F32, F64 or I64)");
                    }
                    return toType(DType.I64).reduce(op, axes, keepdim, param);
                }
            }
            default -> {
                if (!dtype().isFloating()) {
                    throw new IllegalArgumentException(name + ": dtype " + dtype()
                            + " is not supported (expected F32 or F64; convert with toType)");
                }
            }
        }
        if (op.needsElements()) {
            for (int a : ax) {
                if (shape.dim(a) == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce over axis " + a + " of size 0 in shape "
                            + shape + " (the " + name + " of no elements is undefined)");
                }
            }
        }
        if (op == ReduceOp.NORM && !(param > 0)) {
            throw new IllegalArgumentException("norm: order p must be positive, got " + param);
        }
        Shape kept = shape;
        for (int a : ax) {
            kept = kept.replace(a, 1);
        }
        Tensor out = zeros(kept, outType, device());
        backend().reduce(op, this, ax, param, out);
        return keepdim ? out : dropAxes(out, ax);
    }

    private static Tensor dropAxes(Tensor t, int[] axes) {
        int[] d = new int[t.rank() - axes.length];
        for (int i = 0, j = 0, k = 0; i < t.rank(); i++) {
            if (k < axes.length && axes[k] == i) {
                k++;
            } else {
                d[j++] = t.dim(i);
            }
        }
        return t.reshape(d);
    }

    /** Sum of all elements (BOOL counts as I64). */
    public Tensor sum() {
        return reduce(ReduceOp.SUM, new int[0], false, 0);
    }

    public Tensor sum(int axis) {
        return sum(new int[] {axis}, false);
    }

    public Tensor sum(int[] axes, boolean keepdim) {
        return reduce(ReduceOp.SUM, axes, keepdim, 0);
    }

    /** Mean of all elements (NaN for an empty tensor, as NumPy). */
    public Tensor mean() {
        return reduce(ReduceOp.MEAN, new int[0], false, 0);
    }

    public Tensor mean(int axis) {
        return mean(new int[] {axis}, false);
    }

    public Tensor mean(int[] axes, boolean keepdim) {
        return reduce(ReduceOp.MEAN, axes, keepdim, 0);
    }

    /**
     * Variance with a two-pass algorithm (never E[x²] − E[x]²).
     *
     * @param unbiased divide by n − 1 (Bessel's correction) instead of n
     */
    public Tensor var(int[] axes, boolean unbiased, boolean keepdim) {
        return reduce(ReduceOp.VAR, axes, keepdim, unbiased ? 1 : 0);
    }

    /** Unbiased variance of all elements, as {@code torch.var}. */
    public Tensor var() {
        return var(new int[0], true, false);
    }

    public Tensor std(int[] axes, boolean unbiased, boolean keepdim) {
        return reduce(ReduceOp.STD, axes, keepdim, unbiased ? 1 : 0);
    }

    /** Unbiased standard deviation of all elements. */
    public Tensor std() {
        return std(new int[0], true, false);
    }

    /** Maximum over all elements. */
    public Tensor max() {
        return reduce(ReduceOp.MAX, new int[0], false, 0);
    }

    /** Maximum over some axes (values only; see {@link #maxWithIndex} for the positions). */
    public Tensor max(int[] axes, boolean keepdim) {
        return reduce(ReduceOp.MAX, axes, keepdim, 0);
    }

    public Tensor min() {
        return reduce(ReduceOp.MIN, new int[0], false, 0);
    }

    public Tensor min(int[] axes, boolean keepdim) {
        return reduce(ReduceOp.MIN, axes, keepdim, 0);
    }

    /** log Σ exp(x), stable: max + log Σ exp(x − max); −inf when all entries are −inf. */
    public Tensor logsumexp(int[] axes, boolean keepdim) {
        return reduce(ReduceOp.LOGSUMEXP, axes, keepdim, 0);
    }

    /** The p-norm (p = 2 is scaled against overflow; p = ∞ is the largest magnitude). */
    public Tensor norm(double p, int[] axes, boolean keepdim) {
        return reduce(ReduceOp.NORM, axes, keepdim, p);
    }

    /** Euclidean norm of all elements. */
    public Tensor norm() {
        return norm(2, new int[0], false);
    }

    /** Values and I64 indices of a max or min along one axis. */
    public record Indexed(Tensor values, Tensor indices) {
    }

    /** Maximum along one axis and the first index where it occurs, as {@code torch.max(x, dim)}. NaN counts as max. */
    public Indexed maxWithIndex(int axis, boolean keepdim) {
        return indexedReduce(ReduceOp.MAX, axis, keepdim);
    }

    /** Minimum along one axis and the first index where it occurs. */
    public Indexed minWithIndex(int axis, boolean keepdim) {
        return indexedReduce(ReduceOp.MIN, axis, keepdim);
    }

    public Tensor argmax(int axis, boolean keepdim) {
        return indexedReduce(ReduceOp.MAX, axis, keepdim).indices();
    }

    /** Index of the maximum in the flattened tensor. */
    public Tensor argmax() {
        return flatten().argmax(0, false);
    }

    public Tensor argmin(int axis, boolean keepdim) {
        return indexedReduce(ReduceOp.MIN, axis, keepdim).indices();
    }

    private Indexed indexedReduce(ReduceOp op, int axis, boolean keepdim) {
        String name = op == ReduceOp.MAX ? "max" : "min";
        if (!(dtype().isFloating() || dtype() == DType.I64)) {
            throw new IllegalArgumentException(name + ": dtype " + dtype() + " is not supported (expected F32, F64 or I64)");
        }
        if (rank() == 0) {
            return new Indexed(this, zeros(Shape.scalar(), DType.I64, device()));
        }
        int a = shape.axis(name, axis);
        if (shape.dim(a) == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce over axis " + axis + " of size 0 in shape "
                    + shape + " (the " + name + " of no elements is undefined)");
        }
        Shape kept = shape.replace(a, 1);
        Tensor values = zeros(kept, dtype(), device());
        Tensor indices = zeros(kept, DType.I64, device());
        backend().reduceWithIndex(op, this, a, values, indices);
        if (keepdim) {
            return new Indexed(values, indices);
        }
        return new Indexed(values.squeeze(a), indices.squeeze(a));
    }

    // ------------------------------------------------------------------ matrix product

    /**
     * Matrix product with NumPy's rules: 1-D operands are promoted (and the added axis removed), leading axes
     * broadcast, and transposed or strided operands are read in place without a copy.
     */
    public Tensor matmul(Tensor other) {
        requireCompatible("matmul", other);
        if (!dtype().isFloating()) {
            throw new IllegalArgumentException("matmul: dtype " + dtype() + " is not supported (expected F32 or F64)");
        }
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got " + shape
                    + " @ " + other.shape);
        }
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.dim(-2);
        int k = a.dim(-1);
        int k2 = b.dim(-2);
        int n = b.dim(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + shape + " @ " + other.shape
                    + " (" + k + " != " + k2 + ")");
        }
        Shape batchA = Shape.of(Arrays.copyOf(a.shape.dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul", batchA, batchB);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = empty(Shape.of(outDims), dtype(), device());
        int nb = batch.numel();
        if (b.rank() == 2 && a.rank() > 2) {
            // [..., M, K] @ [K, N]: one GEMM over all rows when the rows of `a` can be viewed as one matrix.
            int[] s = a.viewStrides(Shape.of(nb * m, k));
            if (s != null) {
                Tensor a2 = new Tensor(a.storage, Shape.of(1, nb * m, k), new int[] {0, s[0], s[1]}, a.offset);
                backend().matmul(a2, b.unsqueeze(0), out.reshape(1, nb * m, n));
                return finishMatmul(out, other);
            }
        }
        Tensor a3 = a.broadcastTo(batch.insert(batch.rank(), m).insert(batch.rank() + 1, k)).reshape(nb, m, k);
        Tensor b3 = b.broadcastTo(batch.insert(batch.rank(), k).insert(batch.rank() + 1, n)).reshape(nb, k, n);
        backend().matmul(a3, b3, out.reshape(nb, m, n));
        return finishMatmul(out, other);
    }

    private Tensor finishMatmul(Tensor out, Tensor other) {
        Tensor r = out;
        if (other.rank() == 1) {
            r = r.squeeze(-1);
        }
        if (rank() == 1) {
            r = r.squeeze(r.rank() == 1 && other.rank() == 1 ? 0 : -2);
        }
        return r;
    }

    // ------------------------------------------------------------------ in place (for optimizers)

    private void requireWritable(String op) {
        for (int i = 0; i < rank(); i++) {
            if (strides[i] == 0 && shape.dim(i) > 1) {
                throw new IllegalArgumentException(op + ": cannot write into a broadcast view (shape " + shape
                        + ", stride 0 on axis " + i + "); make a copy first");
            }
        }
    }

    private Tensor inPlaceOperand(String op, Tensor other) {
        requireCompatible(op, other);
        if (!other.shape.broadcastsTo(shape)) {
            throw new IllegalArgumentException(op + ": shape " + other.shape + " cannot be broadcast to " + shape);
        }
        boolean sameView = other.storage == storage && other.offset == offset && other.shape.equals(shape)
                && Arrays.equals(other.strides, strides);
        Tensor src = other.storage == storage && !sameView ? other.copy() : other;
        return src.broadcastTo(shape);
    }

    private Tensor inPlace(BinaryOp op, Tensor other) {
        String name = op.opName() + "InPlace";
        requireWritable(name);
        if (!op.accepts(dtype()) || op.boolResult()) {
            throw new IllegalArgumentException(name + ": dtype " + dtype() + " is not supported (expected "
                    + op.expected() + ")");
        }
        Tensor src = inPlaceOperand(name, other);
        backend().binary(op, this, src, this);
        storage.bumpVersion();
        return this;
    }

    /** this += other (broadcast to this shape); returns this. */
    public Tensor addInPlace(Tensor other) {
        return inPlace(BinaryOp.ADD, other);
    }

    public Tensor addInPlace(double other) {
        return inPlace(BinaryOp.ADD, scalarLike("addInPlace", other));
    }

    public Tensor subInPlace(Tensor other) {
        return inPlace(BinaryOp.SUB, other);
    }

    public Tensor mulInPlace(Tensor other) {
        return inPlace(BinaryOp.MUL, other);
    }

    public Tensor mulInPlace(double other) {
        return inPlace(BinaryOp.MUL, scalarLike("mulInPlace", other));
    }

    public Tensor divInPlace(Tensor other) {
        return inPlace(BinaryOp.DIV, other);
    }

    /** this = src (broadcast to this shape, same dtype); returns this. */
    public Tensor copyInPlace(Tensor src) {
        requireWritable("copyInPlace");
        Tensor s = inPlaceOperand("copyInPlace", src);
        backend().copy(s, this);
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to {@code value}; returns this. */
    public Tensor fillInPlace(double value) {
        requireWritable("fillInPlace");
        checkScalarFits("fillInPlace", value, dtype());
        backend().fill(this, value);
        storage.bumpVersion();
        return this;
    }

    public Tensor zeroInPlace() {
        return fillInPlace(0);
    }

    // ------------------------------------------------------------------ checks and printing

    /** Fails unless {@code other} has this tensor's dtype and device. */
    void requireCompatible(String op, Tensor other) {
        if (!other.device().equals(device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices: " + device() + " and "
                    + other.device() + " (move one with to(device))");
        }
        if (other.dtype() != dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + dtype() + " and " + other.dtype()
                    + " (convert one with toType)");
        }
    }

    private void requireDType(String op, DType expected) {
        if (dtype() != expected) {
            throw new IllegalArgumentException(op + ": expected dtype " + expected + ", got " + dtype());
        }
    }

    /**
     * True when both tensors have the same shape and |a − b| ≤ atol + rtol·|b| everywhere (NaN never equal, an
     * infinity equal only to itself), as {@code torch.allclose}.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                continue;
            }
            // NOTE: an infinity is close only to itself; the formula alone would accept inf ≈ −inf and 1 ≈ inf.
            if (Double.isInfinite(a[i]) || Double.isInfinite(b[i])
                    || !(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Shape, dtype, device and the values, abbreviated with "..." beyond 1000 elements. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
