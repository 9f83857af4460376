package dev.convergence.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextMergeTest {

    @Test
    void editsInDifferentRegionsBothApply() {
        String base = "a\nb\nc\nd\ne\n";
        TextMerge.Result r = TextMerge.merge(base, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", false);
        assertEquals("A\nb\nc\nd\nE\n", r.text());
        assertFalse(r.conflict());
    }

    @Test
    void aTrueOverlapKeepsBothSidesBetweenMarkers() {
        TextMerge.Result r = TextMerge.merge("x\ny\n", "x\nmine\n", "x\ntheirs\n", false);
        assertTrue(r.conflict());
        assertTrue(r.text().contains("mine\n") && r.text().contains("theirs\n"), r.text());
        assertTrue(r.text().contains(TextMerge.MINE_MARKER) && r.text().contains(TextMerge.THEIRS_MARKER));
    }

    @Test
    void memoryIndexEntriesAddedOnTwoMachinesNeverConflict() {
        String base = "- [A](a.md) — first\n";
        TextMerge.Result r = TextMerge.merge(base, base + "- [B](b.md) — mine\n", base + "- [C](c.md) — theirs\n", true);
        assertFalse(r.conflict());
        assertTrue(r.text().contains("- [B](b.md) — mine\n") && r.text().contains("- [C](c.md) — theirs\n"), r.text());
        assertTrue(r.text().startsWith(base));
    }

    @Test
    void oneSidedChangesWin() {
        assertEquals("new\n", TextMerge.merge("old\n", "new\n", "old\n", false).text());
        assertEquals("new\n", TextMerge.merge("old\n", "old\n", "new\n", false).text());
    }

    @Test
    void withoutABaseDifferentTextsKeepBoth() {
        TextMerge.Result r = TextMerge.merge("", "mine\n", "theirs\n", false);
        assertTrue(r.text().contains("mine") && r.text().contains("theirs"));
    }
}
