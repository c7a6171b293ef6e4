fn main() {
    // First: a panic anywhere after this says so on the page and offers the ways out.
    ecs_sandbox_web::services::crash::install();
    yew::Renderer::<ecs_sandbox_web::app::App>::new().render();
}
