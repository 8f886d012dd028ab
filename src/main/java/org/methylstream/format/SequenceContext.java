package org.methylstream.format;

/**
 * The three cytosine contexts that methylation is reported and corrected in, from whatever context string a format
 * carries: {@code CG}, {@code CGN}, {@code CGT}, {@code CpG} are CG; {@code CHG}, {@code CXG}, {@code CAG} are CHG;
 * {@code CHH}, {@code CAT}, {@code CTT} are CHH. dnmtools' {@code x} suffix (a suspected mutation) is ignored.
 */
public enum SequenceContext {
    CG, CHG, CHH;

    /**
     * The context of this string (any case), or null when it has none or names none (null, {@code CNN}, {@code CHN},
     * ...). Called for every site, so it compares characters rather than building strings.
     */
    public static SequenceContext of(String context) {
        if (context == null || context.length() < 2 || upper(context.charAt(0)) != 'C') {
            return null;
        }
        char second = upper(context.charAt(1));
        if (second == 'G') {
            return CG; // CG, and sequences CGA, CGN, ...
        }
        if (context.length() < 3) {
            return null;
        }
        char third = upper(context.charAt(2));
        if (second == 'P') {
            return third == 'G' ? CG : null; // dnmtools' CpG
        }
        if (second == 'X') {
            return third == 'G' ? CHG : null; // dnmtools' CXG
        }
        if (!isH(second)) {
            return null;
        }
        return third == 'G' ? CHG : isH(third) ? CHH : null;
    }

    private static char upper(char c) {
        return Character.toUpperCase(c);
    }

    /** H: not G. */
    private static boolean isH(char c) {
        return c == 'A' || c == 'C' || c == 'T' || c == 'H';
    }
}
