"""The page models of the printed documents: what a slip, a statement, an archive or a summary
shows, as plain records. The services fill them, `printing` renders them to PDF, the windows may
show them; printing never imports the services, and the windows never import printing."""
