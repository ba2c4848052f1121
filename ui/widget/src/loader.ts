// The embeddable widget's loader (placeholder until the widget lands): the one script tag sites include.
export {};
