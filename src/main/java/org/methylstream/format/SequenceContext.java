package org.methylstream.format;

/**
 * The three cytosine contexts that methylation is reported and corrected in, from whatever context string a format
 * carries: {@code CG}, {@code CGN}, {@code CGT}, {@code CpG} are CG; {@code CHG}, {@code CXG}, {@code CAG} are CHG;
 * {@code CHH}, {@code CAT}, {@code CTT} are CHH. dnmtools' {@code x} suffix (a suspected mutation) is ignored.
 */
public enum SequenceContext {
    CG, CHG, CHH;

    /** The context of this string, or null when it has none or names none (null, {@code CNN}, {@code CHN}, ...). */
    public static SequenceContext of(String context) {
        if (context == null || context.length() < 2) {
            return null;
        }
        String c = context.toUpperCase(java.util.Locale.ROOT);
        if (c.endsWith("X") && c.length() > 3) {
            c = c.substring(0, c.length() - 1);
        }
        if (c.charAt(0) != 'C') {
            return null;
        }
        if (c.startsWith("CG") || c.startsWith("CPG")) {
            return CG;
        }
        if (c.length() < 3) {
            return null;
        }
        char second = c.charAt(1);
        char third = c.charAt(2);
        boolean notG = second == 'A' || second == 'C' || second == 'T' || second == 'H' || second == 'X';
        if (notG && third == 'G') {
            return CHG;
        }
        if (notG && second != 'X' && (third == 'A' || third == 'C' || third == 'T' || third == 'H')) {
            return CHH;
        }
        return null;
    }
}
