/** Contract test suites (JUnit 5) that every implementation of a Convergence SPI extends. */
module dev.convergence.testkit {
    requires transitive dev.convergence.api;
    requires transitive org.junit.jupiter.api;

    exports dev.convergence.testkit;

    uses dev.convergence.api.transport.TransportProvider;
}
