package org.methylstream.format;

import java.util.Objects;

/**
 * How site files are read: their layout (null to detect it per file) and what of them to keep.
 *
 * @param format                 the layout, or null to detect it from each file's first data line
 * @param modCode                bedMethyl: the modification code whose rows are read ({@code m}, 5mC, by default);
 *                               rows of other codes are skipped and counted
 * @param otherModAsUnmethylated bedMethyl: count reads of other modifications (N_other_mod, e.g. 5hmC) as
 *                               unmethylated; by default they count for neither side
 * @param context                CG, CHG or CHH: only sites of that context (see {@link CytosineContext}); null for all
 * @param mergeCpg               the + strand C and the - strand C of a CpG become one site (see {@link CpgStrands})
 */
public record InputSettings(InputFormat format, String modCode, boolean otherModAsUnmethylated, String context,
                            boolean mergeCpg) {
    public static final String DEFAULT_MOD_CODE = "m";

    public InputSettings {
        Objects.requireNonNull(modCode, "modCode");
        if (modCode.isEmpty() || modCode.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == ',')) {
            throw new IllegalArgumentException("--mod-code must be a modification code such as m, h or a, got '"
                    + modCode + "'");
        }
    }

    /** The given layout (or detection), every site, nothing merged. */
    public static InputSettings of(InputFormat format) {
        return new InputSettings(format, DEFAULT_MOD_CODE, false, null, false);
    }
}
