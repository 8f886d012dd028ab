package org.methylstream.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Online false discovery rate control for a stream of tests with no end: LORD++ (A. Ramdas, F. Yang,
 * M. J. Wainwright and M. I. Jordan, "Online control of the false discovery rate with decaying memory",
 * NeurIPS 2017, section 2), which decides each test when it comes, from the tests before it only.
 *
 * <p>Test t rejects when p_t &le; alpha_t, with
 * <pre>
 *   alpha_t = gamma_t W0 + (alpha - W0) gamma_(t - tau_1) + alpha * sum over j &ge; 2 of gamma_(t - tau_j)
 * </pre>
 * where tau_j is the time of the j-th rejection, W0 &le; alpha the initial wealth, and gamma a non-negative,
 * non-increasing sequence summing to at most 1. Guarantee (the paper's theorem for monotone GAI++ rules such as
 * LORD++): at every time t, when the null p-values are independent of each other and of the non-nulls,
 * FDR(t) = E[V(t) / max(R(t), 1)] &le; alpha, V counting rejected true nulls and R all rejections. Under the
 * global null every rejection is false, and P(any rejection ever) &le; W0 by the union bound, whatever the
 * dependence. Order matters: the decisions are those of the tests in the order given.
 *
 * <p>The paper's default gamma decays like log(t) / (t e^sqrt(log t)); alpha_t then depends on every past
 * rejection time, unbounded memory for an unbounded stream. Here gamma is a mixture of geometric sequences,
 * gamma_j = (1/K) sum over i of (1 - rho_i) rho_i^(j - 1) with rho_i = 1 - 10^-i, i = 1..K = 8: non-negative,
 * non-increasing, summing to exactly 1, and, like the default, heavy-tailed, over time scales from 10 to 10^8
 * tests. Then alpha_t = sum over i of ((1 - rho_i) / K) A_i(t), where A_i(t) is W0 rho_i^(t - 1) plus each past
 * rejection's reward (alpha - W0 for the first, alpha for later ones) times rho_i^(t - 1 - tau_j); so
 * A_i(1) = W0 and A_i(t + 1) = rho_i A_i(t) + reward at t. The whole state is {@value #SCALES} + 3 numbers: this
 * is exactly LORD++ with that gamma, in constant memory and time per test (up to floating-point rounding, of
 * relative order 1e-16 per test).
 *
 * <p>Immutable; the {@link State} is what a caller keeps between tests.
 */
public final class LordPlusPlus {
    static final int SCALES = 8;
    private static final double[] DECAY = new double[SCALES];
    private static final double[] WEIGHT = new double[SCALES];

    static {
        for (int i = 0; i < SCALES; i++) {
            DECAY[i] = 1 - Math.pow(10, -(i + 1));
            WEIGHT[i] = (1 - DECAY[i]) / SCALES; // 1 - DECAY[i] is exact, so gamma sums to exactly 1
        }
    }

    private final double alpha;
    private final double initialWealth;

    /** The initial wealth alpha / 10, as the onlineFDR R package does by default. */
    public LordPlusPlus(double alpha) {
        this(alpha, alpha / 10);
    }

    public LordPlusPlus(double alpha, double initialWealth) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("online FDR level must be in (0, 1), got " + alpha);
        }
        if (!(initialWealth > 0 && initialWealth <= alpha)) {
            throw new IllegalArgumentException("initial wealth must be in (0, alpha], got " + initialWealth);
        }
        this.alpha = alpha;
        this.initialWealth = initialWealth;
    }

    /** gamma_j, j &ge; 1. */
    public static double gamma(long j) {
        double sum = 0;
        for (int i = 0; i < SCALES; i++) {
            sum += WEIGHT[i] * Math.pow(DECAY[i], j - 1);
        }
        return sum;
    }

    /**
     * Where a stream stands after {@code tests} tests.
     *
     * @param spent   the sum of alpha_s so far, for {@link #wealth}
     * @param pending per time scale i, A_i(tests + 1): the next level is the weighted sum of these
     */
    public record State(long tests, long rejections, double spent, double[] pending) {
        static final int BYTES = 2 * Long.BYTES + (1 + SCALES) * Double.BYTES;

        public byte[] toBytes() {
            ByteBuffer buffer = ByteBuffer.allocate(BYTES).putLong(tests).putLong(rejections).putDouble(spent);
            for (double a : pending) {
                buffer.putDouble(a);
            }
            return buffer.array();
        }

        public static State fromBytes(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long tests = buffer.getLong();
            long rejections = buffer.getLong();
            double spent = buffer.getDouble();
            double[] pending = new double[SCALES];
            for (int i = 0; i < SCALES; i++) {
                pending[i] = buffer.getDouble();
            }
            return new State(tests, rejections, spent, pending);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof State s && tests == s.tests && rejections == s.rejections && spent == s.spent
                    && Arrays.equals(pending, s.pending);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(tests) * 31 + Arrays.hashCode(pending);
        }

        @Override
        public String toString() {
            return "State(" + tests + " tests, " + rejections + " rejections, spent " + spent + ")";
        }
    }

    /** One test's outcome: the level it was held to, whether it rejected, and the state after it. */
    public record Decision(double level, boolean rejected, State after) {
    }

    /** Before the first test. */
    public State start() {
        double[] pending = new double[SCALES];
        Arrays.fill(pending, initialWealth);
        return new State(0, 0, 0, pending);
    }

    /** alpha_t for the next test, t = tests + 1. */
    public double level(State state) {
        double level = 0;
        for (int i = 0; i < SCALES; i++) {
            level += WEIGHT[i] * state.pending()[i];
        }
        return level;
    }

    /** Tests the next p-value, given as ln p so that p-values below the double range still count. */
    public Decision test(State state, double logP) {
        double level = level(state);
        boolean rejected = logP <= Math.log(level);
        double reward = !rejected ? 0 : state.rejections() == 0 ? alpha - initialWealth : alpha;
        double[] pending = new double[SCALES];
        for (int i = 0; i < SCALES; i++) {
            pending[i] = state.pending()[i] * DECAY[i] + reward;
        }
        State after = new State(state.tests() + 1, state.rejections() + (rejected ? 1 : 0), state.spent() + level,
                pending);
        return new Decision(level, rejected, after);
    }

    /**
     * W0 - sum of alpha_s + the wealth earned by rejections (alpha - W0 for the first, alpha for each later one):
     * never negative, which is LORD++'s estimate of the false discovery proportion staying at most alpha.
     */
    public double wealth(State state) {
        long r = state.rejections();
        double earned = r == 0 ? 0 : (alpha - initialWealth) + alpha * (r - 1);
        return initialWealth + earned - state.spent();
    }
}
