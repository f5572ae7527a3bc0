"""The incremental engine, in one room: what is fresh, the sources read, the plan and what
it redraws, the state kept between builds and the writers, the only code that touches the
output folder. Everything below it (content, inference, site, render, outputs) is pure."""
