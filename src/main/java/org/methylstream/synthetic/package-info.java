/** Realistic synthetic whole-genome bisulfite data, deterministic per seed, for demos, tests and benchmarks. */
package org.methylstream.synthetic;
