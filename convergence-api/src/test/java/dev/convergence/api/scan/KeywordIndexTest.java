package dev.convergence.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {

    private final KeywordIndex index = new KeywordIndex(List.of("sk-ant-", "ant", "Token", "ghp_"));

    @Test
    void findsEveryOccurrenceCaseInsensitivelyIncludingOverlaps() {
        List<String> hits = new ArrayList<>();
        index.search("x SK-ANT-api and TOKEN", (k, end) -> hits.add(index.keywords().get(k) + "@" + end));
        assertEquals(List.of("ant@8", "sk-ant-@9", "token@22"), hits);
    }

    @Test
    void nonAsciiCharactersResetTheMatch() {
        assertFalse(index.containsAny("tokén".toCharArray(), 0, 5));
        assertTrue(index.containsAny("ébc ghp_".toCharArray(), 0, 8));
    }

    @Test
    void searchCanStopEarly() {
        int[] calls = {0};
        index.search("ant ant ant", (k, end) -> ++calls[0] < 2);
        assertEquals(2, calls[0]);
    }

    @Test
    void searchesOnlyTheGivenRange() {
        char[] text = "token here".toCharArray();
        assertFalse(index.containsAny(text, 1, text.length));
        assertTrue(index.containsAny(text, 0, 5));
    }

    @Test
    void keywordsMustBeNonEmptyAscii() {
        assertThrows(IllegalArgumentException.class, () -> new KeywordIndex(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new KeywordIndex(List.of("clé")));
    }
}
