"""The analysis layer: the metric catalogue and engine, scores, trade-off rules and
diagnosis, peers, value chain, what-if and the peer universe. Imports the data layer and
the core; the peer universe comes in as an argument, never from the bundled samples."""
