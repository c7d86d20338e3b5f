use std::time::Instant;
fn main() {
    let t = privscan::synth::Table::generate(
        &privscan::synth::mixed_columns(),
        12,
        privscan::synth::Headers::Chinese,
        1,
    )
    .to_csv(b',');
    let n = 2000;
    let t0 = Instant::now();
    for _ in 0..n {
        let _ = privscan::pipeline::scan_bytes(t.as_bytes(), Default::default()).unwrap();
    }
    println!(
        "{:.3} ms per tiny scan",
        t0.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
