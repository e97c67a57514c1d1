package dev.scorch.debias;

import dev.scorch.data.AttributeDataset;
import dev.scorch.data.ImageDataset;
import dev.scorch.fairness.Bootstrap;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MNIST with a target attribute t and a protected attribute g that are correlated in the training split only: the
 * setting of Ramaswamy, Kim &amp; Russakovsky (CVPR 2021, arXiv:2012.01469) built from real digits.
 * <pre>
 *   t = [digit ∈ S]                                  ({@link DigitTarget}, default digit ≥ 5)
 *   g = [thickness &gt; median thickness of the pool]   ({@link StrokeThickness}: measured, not painted on)
 *     or the colour of the ink, g = 1 red, g = 0 green (painted on: images become RGB, (x, 0, 0) or (0, x, 0))
 *   training:          a fraction s (the share) of the examples has g = t, in equal numbers per agreeing cell and
 *                      per disagreeing cell: n(t=g) / (n(t=g) + n(t≠g)) = s, so P(t = 1) = P(g = 1) = ½
 *   validation, test:  the same number of examples in each of the four (t, g) cells
 * </pre>
 * The validation split and the training split come from the training pool (MNIST's 60,000 training images), the test
 * split from the test pool (MNIST's test images); without a separate test pool all three are carved, disjoint, from the
 * one pool. Each cell takes its examples in a seeded random order, so a split is a function of the pools, the options
 * and the seed. The training split is as large as the scarcest cell allows (or {@code maxTrain}).
 */
public final class BiasedMnist {
    private BiasedMnist() {
    }

    /** What the protected attribute is. */
    public enum Protected {
        /** Stroke thickness, thick (g = 1) vs thin at the pool's median. */
        THICKNESS("thickness"),
        /** Ink colour, red (g = 1) vs green. */
        COLOUR("colour");

        private final String id;

        Protected(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Image channels of this variant. */
        public int channels() {
            return this == COLOUR ? 3 : 1;
        }

        public static Protected parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "thickness", "thick" -> THICKNESS;
                case "colour", "color" -> COLOUR;
                default -> throw new IllegalArgumentException("unknown protected attribute '" + s
                        + "' (known: thickness, colour)");
            };
        }
    }

    /**
     * How to build the splits.
     *
     * @param target            t
     * @param protectedKind     what g is
     * @param share             s, the fraction of training examples with g = t (0.5: no correlation)
     * @param validationPerCell examples per cell of the validation split (fewer if a cell runs short)
     * @param testPerCell       examples per cell of the test split (likewise)
     * @param maxTrain          at most this many training examples, or 0 for as many as the cells allow
     * @param seed              the order in which each cell gives up its examples
     */
    public record Options(DigitTarget target, Protected protectedKind, double share, int validationPerCell,
                          int testPerCell, int maxTrain, long seed) {
        public Options {
            if (!(share >= 0.5 && share <= 1)) {
                throw new IllegalArgumentException("BiasedMnist: the share of agreeing examples must be in [0.5, 1], "
                        + "got " + share);
            }
            if (validationPerCell < 1 || testPerCell < 1 || maxTrain < 0) {
                throw new IllegalArgumentException("BiasedMnist: need at least one validation and test example per "
                        + "cell and maxTrain >= 0, got " + validationPerCell + ", " + testPerCell + ", " + maxTrain);
            }
        }

        /** digit ≥ 5 vs thickness, share 0.9, 500 validation and 1000 test examples per cell, seed 0. */
        public static Options defaults() {
            return new Options(DigitTarget.parse(DigitTarget.DEFAULT), Protected.THICKNESS, 0.9, 500, 1000, 0, 0);
        }

        /** A short description: "thickness, digit>=5, share 0.9". */
        public String describe() {
            return protectedKind.id() + ", " + target.spec() + ", share " + share;
        }
    }

    /**
     * The three splits.
     *
     * @param medianThickness the thickness separating thin from thick (NaN for the colour variant)
     */
    public record Splits(AttributeDataset train, AttributeDataset validation, AttributeDataset test, Options options,
                         double medianThickness) {
        /** Examples per cell of each split, cells in {@link AttributeDataset#CELLS} order. */
        public Map<String, Object> cellCounts() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (AttributeDataset d : List.of(train, validation, test)) {
                Map<String, Object> cells = new LinkedHashMap<>();
                long[] c = d.cellCounts();
                for (int k = 0; k < 4; k++) {
                    cells.put(AttributeDataset.CELLS.get(k), c[k]);
                }
                cells.put("total", (long) d.size());
                m.put(d == train ? "train" : d == validation ? "validation" : "test", cells);
            }
            return m;
        }
    }

    /**
     * Builds the splits from MNIST images.
     *
     * @param pool     the training pool (labels are digits)
     * @param testPool the test pool, or null to carve the test split from {@code pool} too
     */
    public static Splits build(ImageDataset pool, ImageDataset testPool, Options o) {
        checkDigits(pool);
        if (testPool != null) {
            checkDigits(testPool);
        }
        Rng rng = new Rng(o.seed());
        return o.protectedKind() == Protected.THICKNESS ? byThickness(pool, testPool, o, rng)
                : byColour(pool, testPool, o, rng);
    }

    private static Splits byThickness(ImageDataset pool, ImageDataset testPool, Options o, Rng rng) {
        double[] thick = StrokeThickness.of(pool.images());
        double[] sorted = thick.clone();
        Arrays.sort(sorted);
        double median = Bootstrap.quantile(sorted, 0.5);
        boolean[] t = targets(pool, o.target());
        boolean[] g = new boolean[thick.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = thick[i] > median;
        }
        Cells cells = Cells.of(t, g, rng.split(1));
        AttributeDataset test;
        if (testPool == null) {
            test = cells.takeBalanced(pool, t, g, o.testPerCell(), "test");
        } else {
            double[] testThick = StrokeThickness.of(testPool.images());
            boolean[] tt = targets(testPool, o.target());
            boolean[] tg = new boolean[testThick.length];
            for (int i = 0; i < tg.length; i++) {
                tg[i] = testThick[i] > median;
            }
            test = Cells.of(tt, tg, rng.split(2)).takeBalanced(testPool, tt, tg, o.testPerCell(), "test");
        }
        AttributeDataset val = cells.takeBalanced(pool, t, g, o.validationPerCell(), "validation");
        AttributeDataset train = cells.takeBiased(pool, t, g, o.share(), o.maxTrain());
        return new Splits(train, val, test, o, median);
    }

    private static Splits byColour(ImageDataset pool, ImageDataset testPool, Options o, Rng rng) {
        boolean[] t = targets(pool, o.target());
        // the colour is free: every image of class t can go to either cell of t; split each class in two in a seeded
        // order, and give the first part g = t and the rest g = 1 − t as each split needs
        Classes classes = Classes.of(t, rng.split(1));
        AttributeDataset test;
        if (testPool == null) {
            test = tint(classes.takeBalanced(pool, t, o.testPerCell(), "test"));
        } else {
            boolean[] tt = targets(testPool, o.target());
            test = tint(Classes.of(tt, rng.split(2)).takeBalanced(testPool, tt, o.testPerCell(), "test"));
        }
        AttributeDataset val = tint(classes.takeBalanced(pool, t, o.validationPerCell(), "validation"));
        AttributeDataset train = tint(classes.takeBiased(pool, t, o.share(), o.maxTrain()));
        return new Splits(train, val, test, o, Double.NaN);
    }

    /** Grey digits painted red (g = 1) or green (g = 0): {@code [N, 3, H, W]} = x·(1, 0, 0) or x·(0, 1, 0). */
    static AttributeDataset tint(AttributeDataset grey) {
        int n = grey.size();
        float[] colour = new float[n * 3];
        for (int i = 0; i < n; i++) {
            colour[i * 3 + (grey.g()[i] ? 0 : 1)] = 1;
        }
        Tensor images = grey.images().mul(Tensor.of(colour, n, 3, 1, 1));
        return new AttributeDataset(grey.name(), images, grey.t(), grey.g());
    }

    private static boolean[] targets(ImageDataset d, DigitTarget target) {
        long[] y = d.labels().toLongArray();
        boolean[] t = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = target.of((int) y[i]);
        }
        return t;
    }

    private static void checkDigits(ImageDataset d) {
        if (d.classNames().size() != 10 || d.images().dim(1) != 1) {
            throw new IllegalArgumentException("BiasedMnist: expected grey images of ten digit classes, got "
                    + d.name() + " with " + d.classNames().size() + " classes and images " + d.images().shape());
        }
    }

    private static AttributeDataset subset(ImageDataset pool, boolean[] t, boolean[] g, List<Integer> idx,
                                           String split) {
        int[] sorted = idx.stream().mapToInt(Integer::intValue).sorted().toArray();
        long[] li = new long[sorted.length];
        boolean[] st = new boolean[sorted.length];
        boolean[] sg = new boolean[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            li[k] = sorted[k];
            st[k] = t[sorted[k]];
            sg[k] = g[sorted[k]];
        }
        return new AttributeDataset("biased-" + pool.name() + ":" + split,
                pool.images().indexSelect(0, Tensor.of(li, li.length)), st, sg);
    }

    /** The examples of each of the four cells in a seeded order, handed out from the front. */
    private record Cells(List<List<Integer>> lists, int[] next) {
        static Cells of(boolean[] t, boolean[] g, Rng rng) {
            long[] order = Tensor.randperm(rng, t.length).toLongArray();
            List<List<Integer>> lists = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                lists.add(new ArrayList<>());
            }
            for (long i : order) {
                lists.get((t[(int) i] ? 2 : 0) + (g[(int) i] ? 1 : 0)).add((int) i);
            }
            return new Cells(lists, new int[4]);
        }

        int left(int cell) {
            return lists.get(cell).size() - next[cell];
        }

        List<Integer> take(int cell, int n) {
            List<Integer> out = lists.get(cell).subList(next[cell], next[cell] + n);
            next[cell] += n;
            return out;
        }

        AttributeDataset takeBalanced(ImageDataset pool, boolean[] t, boolean[] g, int perCell, String split) {
            int n = perCell;
            for (int k = 0; k < 4; k++) {
                n = Math.min(n, left(k));
            }
            List<Integer> idx = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                idx.addAll(take(k, n));
            }
            return subset(pool, t, g, idx, split);
        }

        /** a per agreeing cell (0 and 3), d = round(a (1 − s) / s) per disagreeing cell (1 and 2). */
        AttributeDataset takeBiased(ImageDataset pool, boolean[] t, boolean[] g, double share, int maxTrain) {
            int agree = Math.min(left(0), left(3));
            int disagree = Math.min(left(1), left(2));
            int a = share == 1 ? agree : (int) Math.min(agree, Math.floor(disagree * share / (1 - share)));
            if (maxTrain > 0) {
                a = (int) Math.min(a, Math.floor(maxTrain * share / 2));
            }
            int d = (int) Math.round(a * (1 - share) / share);
            List<Integer> idx = new ArrayList<>(take(0, a));
            idx.addAll(take(3, a));
            idx.addAll(take(1, d));
            idx.addAll(take(2, d));
            return subset(pool, t, g, idx, "train");
        }
    }

    /** The examples of each target class in a seeded order, for the colour variant, where g is assigned. */
    private record Classes(List<List<Integer>> lists, int[] next) {
        static Classes of(boolean[] t, Rng rng) {
            long[] order = Tensor.randperm(rng, t.length).toLongArray();
            List<List<Integer>> lists = List.of(new ArrayList<>(), new ArrayList<>());
            for (long i : order) {
                lists.get(t[(int) i] ? 1 : 0).add((int) i);
            }
            return new Classes(lists, new int[2]);
        }

        int left(int c) {
            return lists.get(c).size() - next[c];
        }

        List<Integer> take(int c, int n) {
            List<Integer> out = lists.get(c).subList(next[c], next[c] + n);
            next[c] += n;
            return out;
        }

        /** perCell examples of each class with g = 0 and as many with g = 1. */
        AttributeDataset takeBalanced(ImageDataset pool, boolean[] t, int perCell, String split) {
            int n = Math.min(perCell, Math.min(left(0), left(1)) / 2);
            boolean[] g = new boolean[t.length];
            List<Integer> idx = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                idx.addAll(take(c, n));
                for (int i : take(c, n)) {
                    g[i] = true;
                    idx.add(i);
                }
            }
            return subset(pool, t, g, idx, split);
        }

        /** m examples of each class, round(s·m) of them with g = t. */
        AttributeDataset takeBiased(ImageDataset pool, boolean[] t, double share, int maxTrain) {
            int m = Math.min(left(0), left(1));
            if (maxTrain > 0) {
                m = Math.min(m, maxTrain / 2);
            }
            int agree = (int) Math.round(share * m);
            boolean[] g = new boolean[t.length];
            List<Integer> idx = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                List<Integer> part = take(c, m);
                for (int k = 0; k < m; k++) {
                    int i = part.get(k);
                    g[i] = k < agree ? c == 1 : c == 0;
                    idx.add(i);
                }
            }
            return subset(pool, t, g, idx, "train");
        }
    }
}
