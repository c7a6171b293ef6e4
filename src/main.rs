fn main() {
    yew::Renderer::<ecs_sandbox_web::app::App>::new().render();
}
