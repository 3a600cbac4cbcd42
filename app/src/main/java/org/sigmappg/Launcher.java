package org.sigmappg;

/** Entry point of the runnable jar: no arguments opens the workbench, a command runs headless. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.out.println("SIGMA-PPG");
    }
}
