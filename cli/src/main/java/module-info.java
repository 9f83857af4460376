/** The {@code convergence} command line. The only module that prints. */
module dev.convergence.cli {
    requires dev.convergence.core;
    requires info.picocli;
    opens dev.convergence.cli to info.picocli;
}
