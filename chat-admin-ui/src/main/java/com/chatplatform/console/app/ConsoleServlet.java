package com.chatplatform.console.app;

import com.vaadin.cdi.CdiVaadinServlet;
import jakarta.servlet.annotation.WebServlet;

import java.io.Serial;

/** The console's Vaadin servlet: CDI-aware, on the whole context (/console/*). */
@WebServlet(urlPatterns = "/*", name = "ConsoleServlet", asyncSupported = true)
public class ConsoleServlet extends CdiVaadinServlet {
    @Serial
    private static final long serialVersionUID = 1L;
}
