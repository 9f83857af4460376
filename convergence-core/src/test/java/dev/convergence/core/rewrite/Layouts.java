package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.OsFamily;

/** Machine layouts the rewrite tests run on. */
final class Layouts {

    private Layouts() {
    }

    static MachineLayout posix(String home, String root) {
        String enc = ClaudePaths.encode(root);
        return new MachineLayout("m-" + enc.hashCode(), OsFamily.LINUX, home, root, enc, home + "/.claude/projects/" + enc);
    }

    static MachineLayout windows(String home, String root) {
        String enc = ClaudePaths.encode(root);
        return new MachineLayout("w-" + enc.hashCode(), OsFamily.WINDOWS, home, root, enc, home + "\\.claude\\projects\\" + enc);
    }

    static final MachineLayout ALICE = posix("/home/alice", "/home/alice/src/proj");
    static final MachineLayout CAROL = posix("/Users/carol", "/Users/carol/code/proj");
    static final MachineLayout BOB = windows("C:\\Users\\bob", "C:\\Users\\bob\\work\\proj");
}
