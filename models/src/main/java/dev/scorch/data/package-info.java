/**
 * Datasets (MNIST, Fashion-MNIST), loaders and image grids: arrive with the main-job issue.
 */
package dev.scorch.data;
