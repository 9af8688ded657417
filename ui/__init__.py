"""The Qt front-end: a thin layer over the services in `counter_app`."""
