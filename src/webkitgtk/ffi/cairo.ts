// koffi declarations of the cairo functions the Linux engine calls, each declared once.
import { library } from './libraries';

export function declareCairo() {
  const cairo = library('libcairo.so.2');
  return {
    cairo_surface_write_to_png: cairo.func('int cairo_surface_write_to_png(void *surface, const char *filename)'),
    cairo_image_surface_get_width: cairo.func('int cairo_image_surface_get_width(void *surface)'),
    cairo_image_surface_get_height: cairo.func('int cairo_image_surface_get_height(void *surface)'),
    cairo_surface_destroy: cairo.func('void cairo_surface_destroy(void *surface)'),
  };
}
