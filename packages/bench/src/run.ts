/** Runs every benchmark and prints one table of figures and ratios. Benchmarks arrive with their issues. */
console.log("no benchmarks yet");
