/**
 * The differentiable ops, one class per op (or per pair of adjoint ops), each with its forward and its backward; the
 * backward formulas use differentiable ops so that every gradient can be differentiated again.
 */
package dev.scorch.autograd.functions;
