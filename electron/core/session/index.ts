export * from './secret-store';
export * from './profile';
export * from './supabase-client';
export * from './session';
