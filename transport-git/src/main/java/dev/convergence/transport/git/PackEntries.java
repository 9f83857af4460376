package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The objects of one pack file with their types, read from the entry headers its index points
 * at: nothing is inflated, so listing a pack costs a few bytes per object. A delta has the type of
 * its base. (JGit answers an object's type only by opening it, which inflates a small one whole.)
 */
final class PackEntries {

    /** One object of the pack, where its entry starts and what it is ({@link Constants#OBJ_BLOB}...). */
    record Entry(ObjectId id, long offset, int type) {
    }

    /** Longest run of deltas followed to a base before the pack counts as corrupt. */
    private static final int MAX_CHAIN = 10_000;
    /** An entry header: a type and size byte, up to 9 more size bytes, then up to 20 bytes naming the base. */
    private static final int HEADER_BYTES = 32;
    private static final int UNKNOWN = 0;

    private final Path file;
    private final FileChannel channel;
    private final PackIndex index;
    private final ObjectReader elsewhere;
    private final long[] offsets;
    private final int[] types;

    private PackEntries(Path file, FileChannel channel, PackIndex index, ObjectReader elsewhere, long[] offsets) {
        this.file = file;
        this.channel = channel;
        this.index = index;
        this.elsewhere = elsewhere;
        this.offsets = offsets;
        this.types = new int[offsets.length];
    }

    /**
     * @param index     the pack's index
     * @param elsewhere reads the base of a delta that names one outside this pack (git never stores
     *                  such a pack, but a thin pack copied in as it came would be one)
     * @return every object the index lists, in the order of the pack file
     * @throws IOException when the file cannot be read or does not match its index
     */
    static List<Entry> read(Path packFile, PackIndex index, ObjectReader elsewhere) throws IOException {
        List<PackIndex.MutableEntry> listed = new ArrayList<>();
        for (PackIndex.MutableEntry e : index) {
            listed.add(e.cloneEntry());
        }
        listed.sort(java.util.Comparator.comparingLong(PackIndex.MutableEntry::getOffset));
        long[] offsets = listed.stream().mapToLong(PackIndex.MutableEntry::getOffset).toArray();
        try (FileChannel channel = FileChannel.open(packFile, StandardOpenOption.READ)) {
            PackEntries pack = new PackEntries(packFile, channel, index, elsewhere, offsets);
            pack.checkSignature(listed.size());
            List<Entry> entries = new ArrayList<>(listed.size());
            for (int i = 0; i < offsets.length; i++) {
                entries.add(new Entry(listed.get(i).toObjectId(), offsets[i], pack.typeAt(i)));
            }
            return entries;
        }
    }

    private void checkSignature(int count) throws IOException {
        ByteBuffer head = readAt(0, 12);
        if (head.remaining() < 12) {
            throw new IOException(file + " is too short to be a pack");
        }
        byte[] magic = new byte[4];
        head.get(magic);
        int version = head.getInt();
        long objects = Integer.toUnsignedLong(head.getInt());
        if (!"PACK".equals(new String(magic, StandardCharsets.US_ASCII)) || (version != 2 && version != 3)
                || objects != count) {
            throw new IOException(file + " is not the pack its index describes");
        }
    }

    /** The type of the entry at {@code offsets[position]}, following deltas to their base. */
    private int typeAt(int position) throws IOException {
        List<Integer> chain = new ArrayList<>();
        int at = position;
        int type = types[at];
        while (type == UNKNOWN) {
            if (chain.size() > MAX_CHAIN) {
                throw new IOException("a delta chain in " + file + " does not end");
            }
            chain.add(at);
            ByteBuffer header = readAt(offsets[at], HEADER_BYTES);
            try {
                int c = header.get() & 0xff;
                int kind = (c >> 4) & 7;
                while ((c & 0x80) != 0) {
                    c = header.get() & 0xff;
                }
                switch (kind) {
                    case Constants.OBJ_COMMIT, Constants.OBJ_TREE, Constants.OBJ_BLOB, Constants.OBJ_TAG -> type = kind;
                    case Constants.OBJ_OFS_DELTA -> {
                        at = position(offsets[at] - distance(header));
                        type = types[at];
                    }
                    case Constants.OBJ_REF_DELTA -> {
                        byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
                        header.get(raw);
                        ObjectId base = ObjectId.fromRaw(raw);
                        long offset = index.findOffset(base);
                        if (offset < 0) {
                            type = elsewhere.open(base).getType();
                        } else {
                            at = position(offset);
                            type = types[at];
                        }
                    }
                    default -> throw new IOException("unknown object type " + kind + " at " + offsets[at] + " in " + file);
                }
            } catch (java.nio.BufferUnderflowException truncated) {
                throw new IOException(file + " ends inside the entry at " + offsets[at], truncated);
            }
        }
        for (int p : chain) {
            types[p] = type;
        }
        return type;
    }

    /** How far back an offset delta's base starts: big-endian groups of 7 bits, each continuation adding one. */
    private static long distance(ByteBuffer header) {
        int c = header.get() & 0xff;
        long back = c & 0x7f;
        while ((c & 0x80) != 0) {
            c = header.get() & 0xff;
            back = ((back + 1) << 7) | (c & 0x7f);
        }
        return back;
    }

    private int position(long offset) throws IOException {
        int p = Arrays.binarySearch(offsets, offset);
        if (p < 0) {
            throw new IOException("a delta in " + file + " names a base at " + offset + ", where no entry starts");
        }
        return p;
    }

    /** Up to {@code length} bytes from {@code offset}; fewer only at the end of the file. */
    private ByteBuffer readAt(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int n = 0;
        while (buffer.hasRemaining() && n >= 0) {
            n = channel.read(buffer, offset + buffer.position());
        }
        return buffer.flip();
    }
}
