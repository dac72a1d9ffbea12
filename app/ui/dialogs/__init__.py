"""Small dialogs and questions the window and the document session put to the writer."""
