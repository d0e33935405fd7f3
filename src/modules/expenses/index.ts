export { EXPENSE_CATEGORIES, EXPENSE_FIELD_CLASSIFICATION } from './expense.schema.ts';
export {
  createExpense,
  deleteExpense,
  type Expense,
  type ExpenseInput,
  type ExpenseView,
  getExpense,
  listExpenses,
  listMyExpenses,
  updateExpense,
} from './expense.service.ts';
export { approveExpense, rejectExpense, submitExpense } from './expense-approval.service.ts';
export { expensesRoutes } from './expenses.routes.ts';
