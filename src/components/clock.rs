//! The virtual clock: the time, Play / Pause at a speed, and steps of +10 s / +1 min / +5 min.
//! Steps are commands like any other (`sandbox advance`), so they are in the session and replay;
//! a stretch of playing is one growing action of the session, replayed tick by tick.

use crate::hooks::SessionHandle;
use yew::prelude::*;

/// How fast the clock plays: virtual seconds per real second.
pub const SPEEDS: [u32; 4] = [1, 10, 60, 300];
/// The playing clock ticks this often (real milliseconds).
pub const TICK_MS: u32 = 500;

/// The clock's own state: whether it plays, and how fast.
#[derive(Clone, PartialEq)]
pub struct ClockState {
    playing: UseStateHandle<bool>,
    speed: UseStateHandle<u32>,
}

/// While playing, every tick advances the virtual clock by speed × tick.
#[hook]
fn use_ticks(session: &SessionHandle, playing: bool, speed: u32) {
    let session = session.clone();
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let timer = playing.then(|| {
            gloo_timers::callback::Interval::new(TICK_MS, move || {
                session.update(|s| s.advance_clock(u64::from(speed) * u64::from(TICK_MS)));
            })
        });
        // Dropping the interval clears it.
        move || drop(timer)
    });
}

/// The clock's state and its ticks (a hook of the page rather than a component of its own: a
/// component costs ~0.7 KB of the gzipped page, and the clock re-renders with every tick of the
/// session anyway).
#[hook]
pub fn use_clock(session: &SessionHandle) -> ClockState {
    let playing = use_state(|| false);
    let speed = use_state(|| SPEEDS[1]);
    use_ticks(session, *playing, *speed);
    ClockState { playing, speed }
}

/// The clock's controls.
pub fn clock(session: &SessionHandle, state: &ClockState) -> Html {
    let ClockState { playing, speed } = state;
    let toggle_play = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let set_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                speed.set(v);
            }
        })
    };
    let advance = |by: &'static str| {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            session.update(|s| s.submit(&format!("sandbox advance {by}")))
        })
    };
    let (now, waits) = {
        let s = session.borrow();
        (
            s.sandbox.world.now(),
            crate::waiting::waiting(&s.sandbox.world),
        )
    };
    let (time, since) = crate::waiting::clock_face(now);
    let full = ecs_sandbox_engine::clock::iso8601(now as i64);
    html! {
        <div class="clock" role="group" aria-label="Virtual clock">
            <span id="virtual-time" title={full.clone()} aria-label={format!("Virtual time {full}")}>
                <strong class="clock-face">{ time }</strong>{ " " }<span class="clock-since">{ since }</span>
            </span>
            <button id="play" onclick={toggle_play} aria-pressed={playing.to_string()}>{ if **playing { "⏸ Pause" } else { "▶ Play" } }</button>
            <label class="inline" for="speed">{ "speed" }</label>
            <select id="speed" onchange={set_speed}>
                { for SPEEDS.iter().map(|v| html! { <option value={v.to_string()} selected={*v == **speed}>{ format!("{v}×") }</option> }) }
            </select>
            <button onclick={advance("10s")}>{ "+10 s" }</button>
            <button onclick={advance("1m")}>{ "+1 min" }</button>
            <button onclick={advance("5m")}>{ "+5 min" }</button>
            // Time stands still until the learner moves it: say so whenever something waits on it.
            if !**playing && !waits.is_empty() {
                <p id="clock-waiting" class="clock-waiting" role="status">
                    { format!("⏸ Clock paused — {}. Play the clock or step it forward to see what happens next.", waits.join(", ")) }
                </p>
            }
        </div>
    }
}
